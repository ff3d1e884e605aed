BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
}

Describe 'Invoke-EigenfunctionCv' {
    It 'learns a slow CV of the double well that follows x' {
        $run = Invoke-LangevinSimulation DoubleWell -Steps 100000 -Seed 7
        $ef = $run | Invoke-EigenfunctionCv -Lag 10 -ComponentCount 1 -Hidden 8 -Epochs 10 -Seed 1
        $ef | Should -BeOfType ([SoapLens.Learning.Cv.EigenfunctionCvResult])
        $ef.RowCount | Should -Be 10000
        $ef.Eigenvalues[0] | Should -BeGreaterThan 0.8
        $ef.Eigenvalues[0] | Should -BeLessThan 1
    }

    It 'is deterministic for a seed whatever the thread count' {
        $run = Invoke-LangevinSimulation TripleWell -Steps 20000
        $a = $run | Invoke-EigenfunctionCv -Lag 2 -Hidden 4 -Epochs 2 -BatchSize 200 -ThrottleLimit 1
        $b = $run | Invoke-EigenfunctionCv -lagtime 2 -hidden_layer_sizes 4 -n_epochs 2 -batch_size 200 -n_jobs 2
        $a.Projection | Should -Be $b.Projection
    }

    It 'exports the projection as (rows, components)' {
        $run = Invoke-LangevinSimulation DoubleWell -Steps 20000
        $ef = $run | Invoke-EigenfunctionCv -Hidden 4 -Epochs 1
        $ef | Export-SoapLensData (Join-Path $TestDrive 'ef.npy')
        $back = Import-SoapLensData (Join-Path $TestDrive 'ef.npy')
        $back.ComponentCount | Should -Be 2
        $back.RowCount | Should -Be 2000
    }
}
