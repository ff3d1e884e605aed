BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
}

Describe 'Get-TimeSoap' {
    It 'computes tSOAP from a spectrum: (frames - w) x centres' {
        $s = Import-Trajectory $cu -Stop 4 | Get-SoapSpectrum 4 -n_max 4 -l_max 4 -Center 1, 2, 3
        $t = $s | Get-TimeSoap -Window 2
        $t | Should -BeOfType ([SoapLens.Descriptors.TimeSoap])
        $t.FrameCount | Should -Be 2
        $t.CentreCount | Should -Be 3
        $t.FrameIndices | Should -Be @(2, 3)
        $t.ReferenceFrameIndices | Should -Be @(0, 1)
        $t.Values | ForEach-Object { $_ | Should -BeGreaterOrEqual 0; $_ | Should -BeLessOrEqual 2 }
    }

    It 'gives the same values when it computes the spectra itself' {
        $a = Import-Trajectory $cu -Stop 3 | Get-SoapSpectrum 4 -n_max 4 -l_max 4 -Center 7 | Get-TimeSoap
        $b = Import-Trajectory $cu -Stop 3 | Get-TimeSoap -RCut 4 -NMax 4 -LMax 4 -Center 7
        for ($i = 0; $i -lt $a.Values.Count; $i++) { [math]::Abs($a.Values[$i] - $b.Values[$i]) | Should -BeLessThan 1e-12 }
    }

    It 'needs RCut when a trajectory is piped' {
        Import-Trajectory $cu -Stop 2 | Get-TimeSoap -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -BeLike '*RCut*'
    }
}
