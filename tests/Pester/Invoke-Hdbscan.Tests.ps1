BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $toy = Join-Path $shared 'reference/hdbscan-5d/toy_input.npy'
}

Describe 'Invoke-Hdbscan' {
    It 'finds the four blobs of the 2-D toy set' {
        $labels = Import-SoapLensData $toy | Invoke-Hdbscan -MinClusterSize 15 -MinSamples 5
        $labels | Should -BeOfType ([SoapLens.Learning.ClusterLabels])
        $labels.ClusterCount | Should -Be 4
        $labels.RowCount | Should -Be 2000
        $labels.Populations() | Should -Be @(500, 500, 500, 500)
        $labels.Model | Should -BeOfType ([SoapLens.Learning.HdbscanModel])
    }

    It 'accepts the Python spellings and the leaf method' {
        $labels = Import-SoapLensData $toy | Invoke-Hdbscan -min_cluster_size 15 -min_samples 5 -cluster_selection_method leaf
        $labels.ClusterCount | Should -BeGreaterOrEqual 21
        $labels.NoiseCount | Should -BeGreaterThan 0
    }

    It 'labels every point with -Soft and keeps the hard labels in the model' {
        $data = Import-SoapLensData $toy
        $labels = Invoke-Hdbscan -InputObject $data -MinClusterSize 15 -MinSamples 5 -ClusterSelectionMethod Leaf -Soft
        $labels.NoiseCount | Should -Be 0
        ($labels.Model.Labels | Where-Object { $_ -lt 0 }).Count | Should -BeGreaterThan 0
    }

    It 'exports labels and membership vectors to .npy' {
        $labels = Import-SoapLensData $toy | Invoke-Hdbscan -MinClusterSize 15 -MinSamples 5
        $labels | Export-SoapLensData (Join-Path $TestDrive 'labels.npy')
        $labels | Export-SoapLensData (Join-Path $TestDrive 'membership.npy') -Array membership
        $back = Import-SoapLensData (Join-Path $TestDrive 'labels.npy')
        $back.ClusterCount | Should -Be 4
        Test-Path (Join-Path $TestDrive 'membership.npy') | Should -BeTrue
    }

    It 'reports input that is not a dataset as a non-terminating error' {
        $r = 'not data' | Invoke-Hdbscan -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotDataset,*'
    }
}
