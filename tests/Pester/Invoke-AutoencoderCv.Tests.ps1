BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
}

Describe 'Invoke-AutoencoderCv' {
    It 'returns bottleneck CVs, a reconstruction error and bottleneck timescales' {
        $run = Invoke-LangevinSimulation DoubleWell -Steps 50000
        $ae = $run | Invoke-AutoencoderCv -ComponentCount 1 -Hidden 8 -Epochs 5 -Lag 10
        $ae | Should -BeOfType ([SoapLens.Learning.Cv.AutoencoderCvResult])
        $ae.ComponentCount | Should -Be 1
        $ae.ReconstructionError | Should -BeLessThan 1
        $ae.Timescales.Length | Should -Be 1
    }

    It 'works on a plain imported array' {
        $x = Import-SoapLensData (Join-Path $shared 'reference/cv/triplewell_traj.npy')
        $ae = $x | Invoke-AutoencoderCv -Hidden 4 -Epochs 1 -ValidationFraction 0
        $ae.RowCount | Should -Be 20000
        [double]::IsNaN($ae.History.ValidationLoss[0]) | Should -BeTrue
    }
}
