BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $input5d = Import-SoapLensData (Join-Path $shared 'reference/hdbscan-5d/input.npy')
}

Describe 'Invoke-GaussianMixture' {
    It 'reproduces the gmm-5d lower bound with seed 0' {
        $labels = $input5d | Invoke-GaussianMixture 3 -Seed 0
        $labels | Should -BeOfType ([SoapLens.Learning.ClusterLabels])
        $labels.ClusterCount | Should -Be 3
        [Math]::Abs($labels.Model.LowerBound - 15.6461275186727) | Should -BeLessThan 1e-4
        $labels.Membership.Count | Should -Be (14400 * 3)
    }

    It 'accepts Python spellings and every covariance type' {
        foreach ($t in 'full', 'tied', 'diag', 'spherical') {
            $l = $input5d | Invoke-GaussianMixture -n_components 2 -covariance_type $t -random_state 1
            $l.Model.CovarianceType | Should -Be $t
        }
    }

    It 'labels data with a fitted model' {
        $fit = $input5d | Invoke-GaussianMixture 3
        $again = $input5d | Invoke-GaussianMixture -Model $fit.Model
        $again.Labels | Should -Be $fit.Labels
    }
}
