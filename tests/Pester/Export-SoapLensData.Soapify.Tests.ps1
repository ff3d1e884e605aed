BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $soapify = Join-Path $shared 'hdf5/soapify-cu211.hdf5'
    $cu = Join-Path $shared 'trajectories/cu211-small/cu211-small.extxyz'
}

Describe 'SOAPify databases through Export-Trajectory and Export-/Import-SoapLensData' {
    It 'imports SOAPify SOAP as a SoapSpectrum' {
        $s = Import-SoapLensData $soapify -Name cu211
        $s | Should -BeOfType ([SoapLens.Descriptors.SoapSpectrum])
        $s.FrameCount | Should -Be 5
        $s.FeatureCount | Should -Be 324
        $s.Vector(0, 17)[5] | Should -Be 1.1474756584665422
    }

    It 'writes a trajectory and its SOAP into one database that reads back' {
        $file = Join-Path $TestDrive 'cu211.hdf5'
        $t = Import-Trajectory $cu -Stop 3
        $t | Export-Trajectory $file
        $soap = $t | Get-SoapSpectrum -RCut 6 -Layout Full
        $soap | Export-SoapLensData $file
        $c = Get-SoapLensFileContent $file
        ($c | Where-Object Path -eq '/Trajectories/cu211-small').Role | Should -Be 'SOAPify trajectory'
        ($c | Where-Object Path -eq '/SOAP/cu211-small').ShapeText | Should -Be '(3, 720, 324)'
        $back = Import-SoapLensData $file -Name cu211-small
        $back.Layout | Should -Be 'Full'
        $back.Vector(2, 100)[7] | Should -Be $soap.Vector(2, 100)[7]
        (Import-Trajectory $file).CountFrames() | Should -Be 3
    }

    It 'needs -Force to replace a SOAP dataset' {
        $file = Join-Path $TestDrive 'twice.h5'
        $s = Import-SoapLensData $soapify -Name cu211
        $s | Export-SoapLensData $file -Name x
        $s | Export-SoapLensData $file -Name x -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Hdf5ObjectExists,*'
        $s | Export-SoapLensData $file -Name x -Force
    }
}
