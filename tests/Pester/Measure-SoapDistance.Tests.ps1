BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $prim = Join-Path $shared 'reference/soap-triclinic/cu_fcc_prim_1atom.extxyz'
    $rattled = Join-Path $shared 'reference/soap-triclinic/cu_fcc_prim_3x3x3_rattled.extxyz'
}

Describe 'Measure-SoapDistance' {
    BeforeAll {
        $fcc = Import-Trajectory $prim | Get-SoapSpectrum 6
        $soap = Import-Trajectory $rattled | Get-SoapSpectrum 6 -Layout Full
    }

    It 'measures every vector against a reference spectrum' {
        $d = $soap | Measure-SoapDistance -Reference $fcc -ReferenceName fcc
        $d | Should -BeOfType ([SoapLens.Descriptors.SoapDistances])
        $d.ReferenceCount | Should -Be 1
        $d.CentreCount | Should -Be 27
        $d.Values | ForEach-Object { $_ | Should -BeLessThan 0.2 }
    }

    It 'takes plain vectors and labels the nearest one' {
        $refs = @($soap.Vector(0, 0), $soap.Vector(0, 1))
        $d = $soap | Measure-SoapDistance $refs -ReferenceName a, b
        $d.Item(0, 0, 0) | Should -Be 0
        $labels = $d.Nearest()
        $labels.Labels[1] | Should -Be 1
    }

    It 'compares partners element-wise and reports kernels' {
        $k = $soap | Measure-SoapDistance -Reference $soap -Elementwise -Kernel
        $k.Values | ForEach-Object { $_ | Should -BeGreaterThan 0.9999999 }
    }
}
