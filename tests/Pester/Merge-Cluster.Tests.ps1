BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $npy = Join-Path $root '../shared/data/reference/transitions/soft_labels.npy'
    if (-not (Test-Path $npy)) { $npy = '/work/shared/data/reference/transitions/soft_labels.npy' }
    $grid = Import-SoapLensData $npy
    $frames = [int[]]@(foreach ($t in 0..19) { foreach ($i in 1..720) { $t } })
    $atoms = [int[]]@(foreach ($t in 0..19) { foreach ($i in 1..720) { $i } })
    $script:labels = [SoapLens.Learning.ClusterLabels]::new([int[]]$grid.Values, $frames, $atoms, 8, 'hdbscan', $null, $null, $null, $null)
}

Describe 'Merge-Cluster' {
    It 'cuts the reference matrix at 1 into 6 macro-clusters like SciPy' {
        $merge = $labels | Get-TransitionMatrix | Merge-Cluster
        $merge | Should -BeOfType ([SoapLens.Dynamics.ClusterMerge])
        $merge.MacroCount | Should -Be 6
        $merge.FClusterNumbers() | Should -Be @(1, 1, 2, 6, 4, 5, 3, 3)
    }

    It 'relabels labels piped in and keeps their keys' {
        $merge = $labels | Merge-Cluster -Threshold 1
        $merge.Labels.RowCount | Should -Be $labels.RowCount
        $merge.Labels.ClusterCount | Should -Be 6
    }

    It 'takes a map' {
        $merge = $labels | Get-TransitionMatrix | Merge-Cluster -Map @{ 6 = 'bulk'; 7 = 'bulk' } -Labels $labels
        $merge.MacroNames | Should -Contain 'bulk'
        $merge.MacroCount | Should -Be 7
    }
}
