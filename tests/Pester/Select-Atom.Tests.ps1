BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
    $traj = Import-Trajectory $cu
}

Describe 'Select-Atom' {
    It 'selects the 216 highest atoms as one AtomSelection' {
        $s = $traj | Select-Atom -Top 216 -Axis Z
        $s | Should -BeOfType ([SoapLens.Trajectories.AtomSelection])
        @($s).Count | Should -Be 1
        $s.Count | Should -Be 216
    }

    It 'combines species, ids and a where condition' {
        $s = $traj | Select-Atom Cu -Id (1..300) -Where 'z > 20'
        $s.Count | Should -BeGreaterThan 0
        $s.Ids | ForEach-Object { $_ | Should -BeLessOrEqual 300 }
    }

    It 'accepts PowerShell comparison operators in -Where' {
        ($traj | Select-Atom -Where 'z -gt 20').Count | Should -Be ($traj | Select-Atom -Where 'z > 20').Count
    }

    It 'reports a bad expression as a terminating error naming the position' {
        { $traj | Select-Atom -Where 'z > and' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*character 5*'
    }

    It 'reports an unknown id as a non-terminating error' {
        $r = $traj | Select-Atom -Id 9999 -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AtomIdNotFound,*'
    }
}
