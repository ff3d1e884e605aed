#Requires -Version 7.4
<#
.SYNOPSIS
    The second seed's numerical study: collective variables of overdamped Langevin dynamics on the
    double well and the triple well — TICA, a learned eigenfunction (VAMP-2 loss) and an autoencoder.

.DESCRIPTION
    Simulates both potentials exactly as shared/data/reference/cv/params.json (Euler-Maruyama,
    dt 1e-3, 200 000 steps, every 10th state kept; beta 2 for the double well, 1.67 for the triple
    well), then for each trajectory:
    1. TICA at lag 10 frames: eigenvalues and implied timescales.
    2. A small network trained on the VAMP-2 loss (the eigenfunction family of the seed).
    3. An autoencoder with a bottleneck of the same width (the reconstruction family).
    It prints how slow each CV is (the leading eigenvalue of TICA on the CV at the same lag: closer to 1
    is slower) and how well the first CV follows x on the double well (|Pearson r|). Expected: on the
    double well every method separates the wells (|r| >= 0.95 for TICA and the eigenfunction); on the
    triple well the eigenfunction's two CVs resolve the three wells and are slower than TICA's, while the
    autoencoder reconstructs well but picks faster, high-variance directions — the seed's point.
    Figures (CV scatter coloured by time) go to -OutDirectory.

.EXAMPLE
    ./examples/cv-langevin.ps1
#>
[CmdletBinding()]
param(
    [int] $Lag = 10,
    [int] $Epochs = 60,
    [long] $Seed = 1234,
    [string] $OutDirectory = (Join-Path (Get-Location) 'cv-langevin')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null

function Get-Pearson([double[]] $a, [double[]] $b) {
    $n = $a.Length; $ma = ($a | Measure-Object -Average).Average; $mb = ($b | Measure-Object -Average).Average
    $sab = 0.0; $saa = 0.0; $sbb = 0.0
    for ($i = 0; $i -lt $n; $i++) { $da = $a[$i] - $ma; $db = $b[$i] - $mb; $sab += $da * $db; $saa += $da * $da; $sbb += $db * $db }
    $sab / [Math]::Sqrt($saa * $sbb)
}

foreach ($system in @(@{ Name = 'DoubleWell'; Beta = 2.0; Width = 1 }, @{ Name = 'TripleWell'; Beta = 1.67; Width = 2 })) {
    $traj = Invoke-LangevinSimulation -Potential $system.Name -Beta $system.Beta -Steps 200000 -TimeStep 1e-3 -SaveEvery 10 -Seed $Seed
    $tica = $traj | Invoke-Tica -Lag $Lag -ComponentCount $system.Width
    $ef = $traj | Invoke-EigenfunctionCv -Lag $Lag -ComponentCount $system.Width -Epochs $Epochs -Seed $Seed
    $ae = $traj | Invoke-AutoencoderCv -Lag $Lag -ComponentCount $system.Width -Epochs $Epochs -Seed $Seed

    $x = 0..($traj.FrameCount - 1) | ForEach-Object { $traj.X($_) }
    Write-Host "$($system.Name): $($traj.FrameCount) frames, occupancies of the wells $(($traj.Occupancies() | ForEach-Object { $_.ToString('F3') }) -join ' / ')"
    foreach ($cv in @(@{ Name = 'TICA'; R = $tica }, @{ Name = 'eigenfunction'; R = $ef }, @{ Name = 'autoencoder'; R = $ae })) {
        $r = [Math]::Abs((Get-Pearson $cv.R.Component(0) $x))
        Write-Host ("  {0,-14} eigenvalues {1}  timescales {2} frames  |r(CV1, x)| {3:F3}" -f $cv.Name,
            (($cv.R.Eigenvalues | Select-Object -First $system.Width | ForEach-Object { $_.ToString('F3') }) -join ' '),
            (($cv.R.Timescales | Select-Object -First $system.Width | ForEach-Object { $_.ToString('F0') }) -join ' '), $r)
        # One CV: its time series; two: the CV plane.
        $kind = if ($system.Width -eq 1) { 'TimeSeries' } else { 'Scatter' }
        $cv.R | Export-SoapLensFigure (Join-Path $OutDirectory "$($system.Name)-$($cv.Name).svg") -Kind $kind `
            -Title "$($system.Name): $($cv.Name) CVs" -Force
    }
}
Write-Host "Wrote $OutDirectory"
