BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
    $traj = Import-Trajectory $cu -Stop 5
}

Describe 'Export-Trajectory' {
    It 'writes extended XYZ that reads back with the same atoms and frames' {
        $out = Join-Path $TestDrive 'out.extxyz'
        $traj | Export-Trajectory $out
        $back = Import-Trajectory $out
        $back.CountFrames() | Should -Be 5
        $back.ReadFirstFrame().Positions[3] | Should -Be $traj.ReadFirstFrame().Positions[3]
    }

    It 'writes a LAMMPS dump with a cluster column' {
        $labels = [SoapLens.Learning.ClusterLabels]::new([int[]](0, 1), [int[]](0, 0), [int[]](1, 2), 2, 'test', $null, $null, $null, $null)
        $out = Join-Path $TestDrive 'out.lammpstrj'
        $traj | Export-Trajectory $out -Column $labels -Frame 0
        (Get-Content $out)[8] | Should -Be 'ITEM: ATOMS id type element x y z cluster'
    }

    It 'refuses to overwrite without -Force and writes nothing with -WhatIf' {
        $out = Join-Path $TestDrive 'exists.extxyz'
        Set-Content $out 'keep'
        $traj | Export-Trajectory $out -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        Get-Content $out | Should -Be 'keep'
        $traj | Export-Trajectory (Join-Path $TestDrive 'whatif.extxyz') -WhatIf
        Test-Path (Join-Path $TestDrive 'whatif.extxyz') | Should -BeFalse
    }

    It 'passes the trajectory through with -PassThru' {
        $r = $traj | Export-Trajectory (Join-Path $TestDrive 'pt.extxyz') -PassThru
        $r | Should -BeOfType ([SoapLens.Trajectories.Trajectory])
    }
}
