BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
}

Describe 'Import-Trajectory' {
    It 'opens an extxyz file as one Trajectory object' {
        $t = Import-Trajectory $cu
        $t | Should -BeOfType ([SoapLens.Trajectories.Trajectory])
        $t.AtomCount | Should -Be 720
        @($t).Count | Should -Be 1
    }

    It 'binds files from Get-ChildItem through PSPath' {
        $t = Get-Item $cu | Import-Trajectory
        $t.Name | Should -Be 'cu211-small.extxyz'
    }

    It 'reports a missing file as a non-terminating error with a stable id' {
        $r = Import-Trajectory -LiteralPath (Join-Path $TestDrive 'missing.extxyz') -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'selects frames with Start/Stop/Step' {
        $t = Import-Trajectory $cu -Start 10 -Stop 40 -Step 10
        $t.CountFrames() | Should -Be 3
    }
}
