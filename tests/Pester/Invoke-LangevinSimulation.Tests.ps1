BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
}

Describe 'Invoke-LangevinSimulation' {
    It 'uses the reference settings by default' {
        $r = Invoke-LangevinSimulation
        $r | Should -BeOfType ([SoapLens.Learning.Cv.LangevinTrajectory])
        $r.FrameCount | Should -Be 20000
        $r.Beta | Should -Be 2.0
        $r.FrameInterval | Should -Be 0.01
    }

    It 'takes potential names from the pipeline' {
        $runs = 'DoubleWell', 'TripleWell' | Invoke-LangevinSimulation -Steps 1000 -SaveEvery 5
        $runs.Count | Should -Be 2
        $runs[1].Beta | Should -Be 1.67
        $runs[1].FrameCount | Should -Be 200
    }

    It 'accepts a temperature instead of beta, but not both' {
        (Invoke-LangevinSimulation -Steps 100 -Temperature 0.5).Beta | Should -Be 2.0
        { Invoke-LangevinSimulation -Steps 100 -Temperature 0.5 -Beta 2 -ErrorAction Stop } | Should -Throw
    }

    It 'is reproducible for a seed and usable as a dataset' {
        $a = Invoke-LangevinSimulation TripleWell -Steps 2000 -Seed 5
        $b = Invoke-LangevinSimulation TripleWell -Steps 2000 -Seed 5
        $a.Positions | Should -Be $b.Positions
        ($a | Invoke-Tica -Lag 1).RowCount | Should -Be 200
    }
}
