BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $x = Import-SoapLensData (Join-Path $shared 'reference/cv/doublewell_traj.npy')
}

Describe 'Measure-VampScore' {
    It 'matches the non-reversible reference VAMP-2' {
        $s = $x | Measure-VampScore -Lag 10
        $s | Should -BeOfType ([SoapLens.Learning.Cv.VampScore])
        [math]::Abs($s.Score - 2.7269640699822495) | Should -BeLessThan 1e-10
        [math]::Abs($s.Vamp1 - 2.857932860810298) | Should -BeLessThan 1e-10
    }

    It 'gives the TICA VAMP-2 with -Reversible' {
        $s = $x | Measure-VampScore -Lag 10 -Reversible
        [math]::Abs($s.Score - 2.7267570411299924) | Should -BeLessThan 1e-10
    }

    It 'scans lags and scores VAMP-1 over the leading components' {
        $s = $x | Measure-VampScore -Lag 1, 10, 100 -Score Vamp1 -ComponentCount 1
        $s.Count | Should -Be 3
        $s[0].Score | Should -BeGreaterThan $s[2].Score
    }
}
