BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
    $water = Join-Path $shared 'reference/soap-water/water_cluster.extxyz'
}

Describe 'Get-SoapSpectrum' {
    It 'emits one SoapSpectrum per trajectory with the dscribe layout by default' {
        $s = Import-Trajectory $cu -Stop 2 | Get-SoapSpectrum -RCut 6 -Center 1, 2, 3
        @($s).Count | Should -Be 1
        $s | Should -BeOfType ([SoapLens.Descriptors.SoapSpectrum])
        $s.FrameCount | Should -Be 2
        $s.CentreCount | Should -Be 3
        $s.FeatureCount | Should -Be 324
        $s.Layout | Should -Be 'Dscribe'
        $s.CentreIds | Should -Be @(1, 2, 3)
    }

    It 'accepts the Python spellings of the parameters' {
        $s = Import-Trajectory $cu -Stop 1 | Get-SoapSpectrum -r_cut 4 -n_max 4 -l_max 6 -Sigma 0.5 -n_jobs 1 -Center 5
        $s.FeatureCount | Should -Be 70
        $s.Sigma | Should -Be 0.5
    }

    It 'matches the dscribe reference for the water cluster in the full layout' {
        $s = Import-Trajectory $water | Get-SoapSpectrum 6 -Layout Full -Center 1, 4
        $s.FeatureCount | Should -Be 1728
        $s.Species | Should -Be @('H', 'O')
        $v = $s.Vector(0, 0)
        $v.Count | Should -Be 1728
        $v[0] | Should -BeGreaterThan 0
    }

    It 'normalises the full-layout vectors with -Normalize' {
        $s = Import-Trajectory $water | Get-SoapSpectrum 6 -Normalize -Center 1
        $n = $s.ToLayout('Full').Vector(0, 0) | ForEach-Object { $_ * $_ } | Measure-Object -Sum
        [math]::Sqrt($n.Sum) | Should -BeLessThan 1.000001
        [math]::Sqrt($n.Sum) | Should -BeGreaterThan 0.999999
    }

    It 'exports to .npy with shape (frames, centres, features)' {
        $file = Join-Path $TestDrive 'soap.npy'
        Import-Trajectory $cu -Stop 2 | Get-SoapSpectrum 6 -Center 1, 2 | Export-SoapLensData -Path $file
        Test-Path $file | Should -BeTrue
        $back = Import-SoapLensData -Path $file
        $back | Should -BeOfType ([SoapLens.Descriptors.SoapSpectrum])
        $back.FrameCount | Should -Be 2
        $back.CentreCount | Should -Be 2
    }

    It 'refuses an invalid cutoff with a clear terminating error' {
        { Import-Trajectory $cu -Stop 1 | Get-SoapSpectrum -RCut 0.5 -ErrorAction Stop } | Should -Throw '*RCut*'
    }

    It 'reports an unlisted species as a non-terminating error' {
        $r = Import-Trajectory $water | Get-SoapSpectrum 6 -Species O -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SoapSpeciesMissing,*'
    }
}
