BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $input5d = Import-SoapLensData (Join-Path $shared 'reference/hdbscan-5d/input.npy')
}

Describe 'Invoke-KMeans' {
    It 'reaches the gmm-5d k-means inertia' {
        $labels = $input5d | Invoke-KMeans 3
        $labels | Should -BeOfType ([SoapLens.Learning.ClusterLabels])
        $labels.Model.Inertia | Should -BeLessOrEqual (32.94312926 * (1 + 1e-6))
    }

    It 'numbers clusters of 1-D data by increasing mean' {
        $values = [double[]](0.9, 0.91, 0.1, 0.11, 0.5, 0.52)
        $path = Join-Path $TestDrive 'lens.csv'
        "lens`n" + ($values -join "`n") | Set-Content $path
        $labels = Import-SoapLensData $path | Invoke-KMeans -n_clusters 3
        $labels.Labels | Should -Be @(2, 2, 0, 0, 1, 1)
    }

    It 'labels data with fitted centres' {
        $fit = $input5d | Invoke-KMeans 3 -InitCount 2
        ($input5d | Invoke-KMeans -Model $fit.Model).Labels | Should -Be $fit.Labels
    }
}
