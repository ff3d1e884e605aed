#Requires -Version 7.4
<#
.SYNOPSIS
    Collective variables of the Cu(211) surface from its SOAP&LENS descriptors: TICA (the
    eigenfunction family) and an autoencoder (the reconstruction family) of the second seed paper.

.DESCRIPTION
    1. SOAP (r_cut 6 Å, n = l = 8, full layout, normalised) and LENS (r_cut 6 Å, Savitzky-Golay
       window 20, order 2, clipped and trimmed) of every atom of cu211-small, joined per
       (frame, atom) into the 577-column SOAP&LENS vectors of the first seed paper.
    2. PCA keeping 99.5 % of the variance (the paper's reduction).
    3. VAMP-2 scores against the lag, then TICA per atom (each atom is its own time series;
       lag in frames of 1 ps) on the PCA scores, and on the raw 577 columns for comparison.
    4. An autoencoder with a two-dimensional bottleneck on the same PCA scores; TICA on its
       bottleneck tells how slow the learned CVs are.
    5. .npy exports (projections, eigenvalues, timescales) and SVG figures of the CV planes and
       of the most mobile atom's path in the TICA plane.

.EXAMPLE
    ./examples/cv-cu211.ps1 -OutDirectory ./cv-cu211
#>
[CmdletBinding()]
param(
    [string] $SharedData = $(if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $PSScriptRoot '../../shared/data' }),
    [string] $Trajectory = (Join-Path $SharedData 'trajectories/cu211-small/cu211-small.extxyz'),
    [string] $OutDirectory = (Join-Path (Get-Location) 'cv-cu211'),
    [int] $Lag = 1,
    [int] $Epochs = 60,
    [long] $Seed = 1234
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null
function Get-OutputPath([string] $name) { Join-Path $OutDirectory $name }

# 1. SOAP&LENS vectors, one row per (frame, atom): 99 LENS values, 10 trimmed at each end -> frames 10..88.
$traj = Import-Trajectory $Trajectory
$soap = $traj | Get-SoapSpectrum -RCut 6 -NMax 8 -LMax 8 -Layout Full -Normalize
$lens = $traj | Get-LensSignal -RCut 6 | Invoke-SavitzkyGolay -WindowLength 20 -PolyOrder 2 -Clip -Trim
$soapLens = Join-SoapLens $soap $lens
Write-Host "SOAP&LENS: $soapLens"

# 2. The paper's reduction.
$pca = $soapLens | Invoke-Pca -Variance 0.995
Write-Host "PCA: $($pca.ComponentCount) components keep 99.5 % of the variance"

# 3. Which lag? VAMP-2 of the PCA scores and TICA implied timescales against the lag (frames of 1 ps).
$pca | Measure-VampScore -Lag 1, 2, 5, 10 -ComponentCount 2 |
    Format-Table Lag, @{ n = 'VAMP2 (2 components)'; e = { $_.Score } }, @{ n = 't1 (ps)'; e = { $_.Timescales[0] } }

$tica = $pca | Invoke-Tica -Lag $Lag -ComponentCount 2
$ticaRaw = $soapLens | Invoke-Tica -Lag $Lag -ComponentCount 2   # any dataset works, here all 577 columns
Write-Host ("TICA on PCA scores: lambda = {0}, t = {1} ps" -f ($tica.Eigenvalues[0..1] -join ', '), ($tica.Timescales[0..1] -join ', '))
Write-Host ("TICA on raw SOAP&LENS: lambda = {0}" -f ($ticaRaw.Eigenvalues[0..1] -join ', '))

# 4. Autoencoder on the same inputs (CPU, deterministic for the seed; -Verbose prints every epoch).
$ae = $pca | Invoke-AutoencoderCv -ComponentCount 2 -Hidden 32, 16 -Epochs $Epochs -Lag $Lag -Seed $Seed
Write-Host ("Autoencoder: reconstruction error {0:G3}, bottleneck TICA lambda = {1}, t = {2} ps" -f `
    $ae.ReconstructionError, ($ae.Eigenvalues -join ', '), ($ae.Timescales -join ', '))
Write-Host 'The autoencoder keeps the high-variance directions; TICA keeps the slow ones (compare the timescales).'

# 5. Files: (rows, 2) float64 projections in input order, and the spectra.
$tica | Export-SoapLensData (Get-OutputPath 'tica.npy') -Force
$tica | Export-SoapLensData (Get-OutputPath 'tica_eigenvalues.npy') -Array eigenvalues -Force
$tica | Export-SoapLensData (Get-OutputPath 'tica_timescales.npy') -Array timescales -Force
$ae | Export-SoapLensData (Get-OutputPath 'autoencoder.npy') -Force
$ae | Export-SoapLensData (Get-OutputPath 'autoencoder_loss.npy') -Array training_loss -Force

# Figures: the two CV planes, and the path of the atom that moves most along tic1.
$tica | Export-SoapLensFigure (Get-OutputPath 'tica.svg') -Kind Scatter -Title 'TICA of SOAP&LENS, cu211-small' -Force
$ae | Export-SoapLensFigure (Get-OutputPath 'autoencoder.svg') -Kind Scatter -Title 'Autoencoder CVs of SOAP&LENS, cu211-small' -Force

$tic1 = $tica.Component(0)
$spread = @{}
for ($r = 0; $r -lt $tica.RowCount; $r++) {
    $id = $tica.AtomIds[$r]
    if (-not $spread.ContainsKey($id)) { $spread[$id] = [double[]]@([double]::MaxValue, [double]::MinValue) }
    $s = $spread[$id]
    if ($tic1[$r] -lt $s[0]) { $s[0] = $tic1[$r] }
    if ($tic1[$r] -gt $s[1]) { $s[1] = $tic1[$r] }
}
$mobile = ($spread.GetEnumerator() | Sort-Object { $_.Value[1] - $_.Value[0] } -Descending | Select-Object -First 1).Key
$tica | Export-SoapLensFigure (Get-OutputPath "tica_atom$mobile.svg") -Kind AtomPath -AtomId $mobile `
    -Title "Atom $mobile in the TICA plane" -Force
Write-Host "Wrote $OutDirectory (most mobile atom along tic1: $mobile)"
