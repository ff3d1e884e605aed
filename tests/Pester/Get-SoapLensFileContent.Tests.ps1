BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $soapify = Join-Path $shared 'hdf5/soapify-cu211.hdf5'
    $h5md = Join-Path $shared 'hdf5/cu211.h5md'
}

Describe 'Get-SoapLensFileContent' {
    It 'lists the groups and datasets of a SOAPify database with their roles' {
        $c = Get-SoapLensFileContent $soapify
        $c | Should -BeOfType ([SoapLens.IO.FileContentEntry])
        ($c | Where-Object Path -eq '/SOAP/cu211').Role | Should -Be 'SOAPify SOAP'
        ($c | Where-Object Path -eq '/SOAP/cu211').ShapeText | Should -Be '(5, 720, 324)'
        ($c | Where-Object Path -eq '/Trajectories/cu211').Role | Should -Be 'SOAPify trajectory'
    }

    It 'recognises H5MD files by content' {
        $c = Get-Item $h5md | Get-SoapLensFileContent
        ($c | Where-Object Path -eq '/particles/trajectory').Role | Should -Be 'H5MD particles'
    }

    It 'lists results written by Export-SoapLensData' {
        $d = (Import-SoapLensData $soapify).ToDataset()
        $file = Join-Path $TestDrive 'r.h5'
        $d | Export-SoapLensData $file -Name soap_rows
        (Get-SoapLensFileContent $file | Where-Object Path -eq '/soap_rows').Role | Should -Be 'SoapLens Dataset result'
    }

    It 'reports a damaged file as a non-terminating error' {
        $bad = Join-Path $TestDrive 'bad.h5'
        [IO.File]::WriteAllBytes($bad, [byte[]]([IO.File]::ReadAllBytes($soapify)[0..4999]))
        $r = Get-SoapLensFileContent -LiteralPath $bad -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileFormatInvalid,*'
    }
}
