BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
}

Describe 'Invoke-ThresholdClassification' {
    It 'numbers classes by the thresholds below each value' {
        $path = Join-Path $TestDrive 'lens.csv'
        "lens`n0.01`n0.05`n0.07`n0.3" | Set-Content $path
        $labels = Import-SoapLensData $path | Invoke-ThresholdClassification 0.05, 0.2
        $labels | Should -BeOfType ([SoapLens.Learning.ClusterLabels])
        $labels.Labels | Should -Be @(0, 1, 1, 2)
        $labels.ClusterNames[1] | Should -Be '[0.05, 0.2)'
    }

    It 'refuses thresholds that do not increase' {
        $path = Join-Path $TestDrive 'one.csv'
        "lens`n0.1" | Set-Content $path
        { Import-SoapLensData $path | Invoke-ThresholdClassification 0.2, 0.1 -ErrorAction Stop } | Should -Throw
    }

    It 'classifies a LENS signal of cu211-small' {
        $lens = Import-Trajectory (Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz') -Stop 5 | Get-LensSignal -RCut 6
        $labels = $lens | Invoke-ThresholdClassification 0.1
        $labels.RowCount | Should -Be (720 * 4)
    }
}
