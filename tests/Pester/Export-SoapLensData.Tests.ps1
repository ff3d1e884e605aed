BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
}

Describe 'Export-SoapLensData / Import-SoapLensData' {
    BeforeAll {
        $matrix = [SoapLens.Data.Dataset]::FromMatrix([double[]](1..12), 4, 3, 'test')
    }

    It 'round-trips a dataset through .npy with its keys' {
        $path = Join-Path $TestDrive 'm.npy'
        $matrix | Export-SoapLensData $path
        $back = Import-SoapLensData $path
        $back | Should -BeOfType ([SoapLens.Data.Dataset])
        $back.RowCount | Should -Be 4
        $back.Values | Should -Be $matrix.Values
    }

    It 'does not write under -WhatIf' {
        $path = Join-Path $TestDrive 'w.npy'
        $matrix | Export-SoapLensData $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'refuses to overwrite without -Force' {
        $path = Join-Path $TestDrive 'f.csv'
        $matrix | Export-SoapLensData $path
        $matrix | Export-SoapLensData $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        { $matrix | Export-SoapLensData $path -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'passes the input through with -PassThru' {
        $out = $matrix | Export-SoapLensData (Join-Path $TestDrive 'p.csv') -CsvLayout Wide -PassThru
        $out | Should -Be $matrix
    }
}
