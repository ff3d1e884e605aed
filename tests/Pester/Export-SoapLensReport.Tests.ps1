BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $script:labels = [SoapLens.Learning.ClusterLabels]::new(
        [int[]](0, 1, 2, 0, 1, 1, 1, 2, 0, 2, 0, 1), [int[]](0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3), [int[]](1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3),
        3, 'test', $null, $null, $null, $null)
}

Describe 'Export-SoapLensReport' {
    It 'writes index.html and the figures of every result' {
        $path = Join-Path $TestDrive 'report'
        $labels, ($labels | Get-TransitionMatrix) | Export-SoapLensReport $path -Title 'test report'
        Test-Path (Join-Path $path 'index.html') | Should -BeTrue
        (Get-ChildItem (Join-Path $path 'figures') -Filter *.svg).Count | Should -BeGreaterOrEqual 3
        Get-Content (Join-Path $path 'index.html') -Raw | Should -Match 'test report'
    }

    It 'does not write under -WhatIf and replaces only with -Force' {
        $path = Join-Path $TestDrive 'r2'
        $labels | Export-SoapLensReport $path -WhatIf
        Test-Path $path | Should -BeFalse
        $labels | Export-SoapLensReport $path
        { $labels | Export-SoapLensReport $path -ErrorAction Stop } | Should -Throw
        { $labels | Export-SoapLensReport $path -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reports objects that are not results' {
        'text' | Export-SoapLensReport (Join-Path $TestDrive 'r3') -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotReportable*'
    }

    It 'states the provenance: SoapLens, .NET and PowerShell versions' {
        $path = Join-Path $TestDrive 'r4'
        $labels | Export-SoapLensReport $path
        $html = Get-Content (Join-Path $path 'index.html') -Raw
        $html | Should -Match 'Provenance'
        $html | Should -Match '<td>PowerShell</td>'
    }

    It 'takes several results through -InputObject' {
        $path = Join-Path $TestDrive 'r5'
        Export-SoapLensReport $path -InputObject $labels, ($labels | Get-TransitionMatrix)
        (Get-Content (Join-Path $path 'index.html') -Raw) | Should -Match 'Transition matrix'
    }
}
