BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $script:labels = [SoapLens.Learning.ClusterLabels]::new(
        [int[]](0, 1, 2, 0, 1, 1, 1, 2, 0, 2, 0, 1), [int[]](0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3), [int[]](1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3),
        3, 'test', $null, $null, $null, $null)
    $script:tm = $labels | Get-TransitionMatrix
}

Describe 'Export-SoapLensFigure' {
    It 'writes a chord diagram that parses as SVG' {
        $path = Join-Path $TestDrive 'chord.svg'
        $tm | Export-SoapLensFigure $path -Kind Chord
        ([xml](Get-Content $path -Raw)).svg | Should -Not -BeNullOrEmpty
    }

    It 'does not write under -WhatIf and refuses to overwrite without -Force' {
        $path = Join-Path $TestDrive 'h.svg'
        $tm | Export-SoapLensFigure $path -Kind Heatmap -WhatIf
        Test-Path $path | Should -BeFalse
        $tm | Export-SoapLensFigure $path -Kind Heatmap
        $tm | Export-SoapLensFigure $path -Kind Heatmap -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists*'
        { $tm | Export-SoapLensFigure $path -Kind Heatmap -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'passes the input through and takes a palette hashtable' {
        $out = $labels | Export-SoapLensFigure (Join-Path $TestDrive 'f.svg') -Kind PopulationFlow -Frame 0, 3 -Palette @{ '0' = 'red' } -PassThru
        $out | Should -Be $labels
        Get-Content (Join-Path $TestDrive 'f.svg') -Raw | Should -Match '#d62728'
    }

    It 'reports a figure the input cannot make' {
        $labels | Export-SoapLensFigure (Join-Path $TestDrive 's.svg') -Kind Scatter -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FigureInputUnsupported*'
    }

    It 'draws a time series coloured by thresholds' {
        $d = [SoapLens.Data.Dataset]::FromGrid([double[]](0..11 | ForEach-Object { $_ / 12 }), [int[]](0, 1, 2, 3), [int[]](1, 2, 3), 1,
            [string[]]@('x'), 'test', $null)
        $path = Join-Path $TestDrive 't.svg'
        $d | Export-SoapLensFigure $path -Kind TimeSeries -Threshold 0.5
        (Get-Content $path -Raw) | Should -Match '≥ 0.5'
    }

    It 'draws every PCA piped in on one variance figure' {
        $d = [SoapLens.Data.Dataset]::FromMatrix([double[]](1, 2, 3, 5, 4, 1, 0, 2, 7, 1, 3, 3), 4, 3, 'm')
        $pca = $d | Invoke-Pca
        $out = $pca, $pca | Export-SoapLensFigure (Join-Path $TestDrive 'v.svg') -Kind Variance -Variance 0.9 -PassThru
        $out | Should -HaveCount 2
        (Get-Content (Join-Path $TestDrive 'v.svg') -Raw) | Should -Match '90 % reached with'
    }
}
