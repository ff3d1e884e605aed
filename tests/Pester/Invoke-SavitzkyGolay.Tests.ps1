BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
}

Describe 'Invoke-SavitzkyGolay' {
    BeforeAll {
        $lens = Import-Trajectory $cu -Stop 40 | Get-LensSignal -RCut 6
    }

    It 'smooths a LensSignal into a LensSignal, clipping and trimming like the paper' {
        $s = $lens | Invoke-SavitzkyGolay -WindowLength 20 -PolyOrder 2 -Clip -Trim
        $s | Should -BeOfType ([SoapLens.Dynamics.LensSignal])
        $s.TransitionCount | Should -Be ($lens.TransitionCount - 20)
        $s.TrimStart | Should -Be 10
        $s.Clipped | Should -BeTrue
        $s.Values | Where-Object { $_ -lt 0 -or $_ -gt 1 } | Should -BeNullOrEmpty
    }

    It 'trims a given number of values with -TrimLength' {
        $s = $lens | Invoke-SavitzkyGolay 20 2 -Clip -TrimLength 4
        $s.TransitionCount | Should -Be ($lens.TransitionCount - 8)
        $s.TrimStart | Should -Be 4
        $s.StartFrames[0] | Should -Be 4
    }

    It 'accepts the SciPy spellings and positional window and order' {
        $a = $lens | Invoke-SavitzkyGolay -window_length 7 -polyorder 2 -Mode Mirror
        $b = $lens | Invoke-SavitzkyGolay 7 2 -Mode mirror
        $a.Values | Should -Be $b.Values
        $a.Smoothing.Mode | Should -Be 'Mirror'
    }

    It 'smooths a dataset column by column per atom' {
        $d = $lens.ToDataset() | Invoke-SavitzkyGolay 5 2
        $d | Should -BeOfType ([SoapLens.Data.Dataset])
        $d.RowCount | Should -Be $lens.ToDataset().RowCount
    }

    It 'refuses a polynomial order not below the window' {
        { $lens | Invoke-SavitzkyGolay 5 5 -ErrorAction Stop } | Should -Throw
    }

    It 'reports an input that is not a time series as a non-terminating error' {
        $r = 'text' | Invoke-SavitzkyGolay 5 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotTimeSeries,*'
    }
}
