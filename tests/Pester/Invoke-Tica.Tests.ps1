BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $cv = Join-Path $shared 'reference/cv'
}

Describe 'Invoke-Tica' {
    It 'matches the reference eigenvalues on a plain (N, D) array' {
        $x = Import-SoapLensData (Join-Path $cv 'doublewell_traj.npy')
        $r = $x | Invoke-Tica -Lag 10 -ComponentCount 2
        $r | Should -BeOfType ([SoapLens.Learning.Cv.TicaResult])
        $r.Eigenvalues[0] | Should -BeGreaterThan (0.9513494784438099 - 1e-10)
        $r.Eigenvalues[0] | Should -BeLessThan (0.9513494784438099 + 1e-10)
        $r.Projection.Length | Should -Be 40000
    }

    It 'emits one result per lag' {
        $x = Import-SoapLensData (Join-Path $cv 'triplewell_traj.npy')
        $r = Invoke-Tica -InputObject $x -Lag 1, 5, 10
        $r.Count | Should -Be 3
        ($r | ForEach-Object Lag) | Should -Be @(1, 5, 10)
    }

    It 'pools several piped trajectories into one model with one result per input' {
        $a = Import-SoapLensData (Join-Path $cv 'doublewell_traj.npy')
        $b = Invoke-LangevinSimulation DoubleWell -Steps 100000 -Seed 3
        $r = $a, $b | Invoke-Tica -Lag 10 -ComponentCount 1
        $r.Count | Should -Be 2
        $r[0].Model | Should -Be $r[1].Model
        $r[1].RowCount | Should -Be 10000
    }

    It 'exports the projection and the eigenvalues as .npy' {
        $x = Import-SoapLensData (Join-Path $cv 'doublewell_traj.npy')
        $r = $x | Invoke-Tica -lagtime 10 -dim 1
        $r | Export-SoapLensData (Join-Path $TestDrive 'p.npy')
        $r | Export-SoapLensData (Join-Path $TestDrive 'e.npy') -Array eigenvalues
        $back = Import-SoapLensData (Join-Path $TestDrive 'p.npy')
        $back | Should -BeOfType ([SoapLens.Learning.Cv.TicaResult])
        $back.ComponentCount | Should -Be 1
        (Import-SoapLensData (Join-Path $TestDrive 'e.npy')).RowCount | Should -Be 2
    }

    It 'reports a lag longer than the data as a non-terminating error' {
        $x = Import-SoapLensData (Join-Path $cv 'doublewell_traj.npy')
        $r = $x | Invoke-Tica -Lag 50000 -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
    }
}
