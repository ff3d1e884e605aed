BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    # One atom: 0 0 1 1 1 0
    $script:labels = [SoapLens.Learning.ClusterLabels]::new(
        [int[]](0, 0, 1, 1, 1, 0), [int[]](0, 1, 2, 3, 4, 5), [int[]](7, 7, 7, 7, 7, 7), 2, 'test', $null, $null, $null, $null)
}

Describe 'Get-ResidenceTime' {
    It 'finds the stays with censoring at both ends' {
        $r = $labels | Get-ResidenceTime -TimeStep 0.5 -TimeUnit ns
        $r | Should -BeOfType ([SoapLens.Dynamics.ResidenceTimes])
        $r.Lengths | Should -Be @(2, 3, 1)
        $r.Censoring[1] | Should -Be 'None'
        $r.Summary()[1].MeanComplete | Should -Be 1.5
    }

    It 'refuses a non-positive time step' {
        { $labels | Get-ResidenceTime -TimeStep 0 -ErrorAction Stop } | Should -Throw
    }
}
