#Requires -Version 7.4
<#
.SYNOPSIS
    Builds the SoapLens module into out/SoapLens, and optionally tests and packages it.
.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [switch] $Clean,
    [switch] $Test,
    [switch] $Package
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if ($Clean) {
    foreach ($d in 'out', 'TestResults', 'artifacts') { if (Test-Path $d) { Remove-Item $d -Recurse -Force } }
    dotnet clean SoapLens.PowerShell.sln -c $Configuration -nologo -v q
}

# The build alone lays out an importable module at out/SoapLens (manifest, format, help, Dependencies/).
dotnet build SoapLens.PowerShell.sln -c $Configuration -nologo
if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)" }

if ($Test) {
    dotnet test SoapLens.PowerShell.sln -c $Configuration --no-build
    if ($LASTEXITCODE) { throw "dotnet test failed ($LASTEXITCODE)" }
    if (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0') {
        $pesterPath = Join-Path $PSScriptRoot 'tests/Pester'
        # A child process, so the module DLLs are not locked in this session.
        pwsh -NoProfile -Command "`$c = New-PesterConfiguration; `$c.Run.Path = '$pesterPath'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
        if ($LASTEXITCODE) { throw "Pester failed ($LASTEXITCODE)" }
    }
    else {
        Write-Warning 'Pester skipped: Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0).'
    }
}

if ($Package) {
    $manifest = Import-PowerShellDataFile ./out/SoapLens/SoapLens.psd1
    New-Item -ItemType Directory -Force artifacts | Out-Null
    $zip = "artifacts/SoapLens-$($manifest.ModuleVersion).zip"
    Compress-Archive -Path ./out/SoapLens -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}
