BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $hdf5 = Join-Path $shared 'hdf5'
}

Describe 'Import-Trajectory with HDF5 files' {
    It 'opens a SOAPify database with one trajectory without -Name' {
        $t = Import-Trajectory (Join-Path $hdf5 'soapify-cu211.hdf5')
        $t.FormatName | Should -Be 'hdf5'
        $t.AtomCount | Should -Be 720
        $t.FrameCount | Should -Be 20
    }

    It 'lists the groups when a database holds several and -Name is missing' {
        $null = Import-Trajectory (Join-Path $hdf5 'soapify-water.hdf5') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'water, water_atomnames'
        (Import-Trajectory (Join-Path $hdf5 'soapify-water.hdf5') -Name water_atomnames).AtomCount | Should -Be 8192
    }

    It 'reads H5MD in Angstrom whatever unit the file uses' {
        $a = (Import-Trajectory (Join-Path $hdf5 'cu211.h5md') -Frame 3).ReadFirstFrame().Positions[51]
        $b = (Import-Trajectory (Join-Path $hdf5 'cu211-posonly.h5md') -Frame 3).ReadFirstFrame().Positions[51]
        $a | Should -Be 12.768569946289062
        [math]::Abs($a - $b) | Should -BeLessThan 2e-6
    }
}
