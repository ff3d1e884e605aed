BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
}

Describe 'Get-LensSignal' {
    BeforeAll {
        $traj = Import-Trajectory $cu -Stop 10
    }

    It 'emits one LensSignal per trajectory with F - tau values per centre' {
        $lens = $traj | Get-LensSignal -RCut 6
        @($lens).Count | Should -Be 1
        $lens | Should -BeOfType ([SoapLens.Dynamics.LensSignal])
        $lens.CentreCount | Should -Be 720
        $lens.TransitionCount | Should -Be 9
        $lens.FrameCount | Should -Be 10
        $lens.GetSeries(0).Length | Should -Be 9
    }

    It 'accepts the Python spellings and a delay' {
        $lens = $traj | Get-LensSignal -r_cut 6 -delay 2 -n_jobs 1
        $lens.Delay | Should -Be 2
        $lens.TransitionCount | Should -Be 8
    }

    It 'takes plain ids for -Center and -Environment' {
        $lens = $traj | Get-LensSignal -RCut 6 -Center 1..10 -Environment (1..360)
        $lens.CentreIds | Should -Be (1..10)
    }

    It 'gives the same numbers as the reference for the first frames' {
        $lens = $traj | Get-LensSignal -RCut 3.1
        $lens.Values | Where-Object { $_ -lt 0 -or $_ -gt 1 } | Should -BeNullOrEmpty
        $lens.NeighbourCount(0, 0) | Should -BeGreaterThan 0
    }

    It 'adds the leading zero of SOAPify on request' {
        $lens = $traj | Get-LensSignal -RCut 6 -LeadingZero
        $lens.TransitionCount | Should -Be 10
        $lens.GetSeries(5)[0] | Should -Be 0
    }

    It 'reports an unknown centre id as a non-terminating error' {
        $r = $traj | Get-LensSignal -RCut 6 -Center 99999 -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AtomIdNotFound,*'
    }

    It 'exports values and counts to .npy' {
        $lens = $traj | Get-LensSignal -RCut 6
        $lens | Export-SoapLensData (Join-Path $TestDrive 'lens.npy')
        $lens | Export-SoapLensData (Join-Path $TestDrive 'counts.npy') -Counts
        Test-Path (Join-Path $TestDrive 'lens.npy') | Should -BeTrue
        $back = Import-SoapLensData (Join-Path $TestDrive 'lens.npy')
        $back | Should -BeOfType ([SoapLens.Dynamics.LensSignal])
        $back.Values | Should -Be $lens.Values
    }
}
