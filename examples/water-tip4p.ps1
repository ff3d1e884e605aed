#Requires -Version 7.4
<#
.SYNOPSIS
    The paper's TIP4P/Ice protocol (SOAP with species H and O, SOAP&LENS of the oxygens, Gaussian mixture of 3)
    on dynsight's ice/water coexistence test system (GROMACS test_coex.xtc + test_coex.gro).

.DESCRIPTION
    The TIP4P/Ice column of the paper on the small GROMACS files shipped with dynsight (no oracle
    outputs in shared/data for this run; the numbers printed are what SoapLens finds):
    1. The .xtc (6 frames, 4 ps apart, 2048 molecules = 8192 sites) read with the .gro as topology:
       positions in nm become Å, species from the atom names (OW -> O, HW1/HW2 -> H; the massless M
       site MW3 has no element and is left out of SOAP).
    2. Centres: the oxygens. SOAP: species H, O, r_cut 6 Å, n_max = l_max = 8, periodic, Full layout
       (3 species pairs x 576 = 1728 values), normalised.
    3. LENS of the oxygens among the oxygens (r_cut 6 Å), raw: the paper smooths with window 100 on a
       long trajectory; these 6 frames give 5 values per molecule (-Window 3 or 5 smooths anyway).
    4. SOAP&LENS rows (1728 + 1 = 1729 columns) and SOAP-only rows; PCA keeping 99 %; Gaussian
       mixture of 3 (seed 0) ordered by mean LENS; transitions at 4 ps. LENS-only k-means of 3 classes.
    5. Figures and an HTML report in -OutDirectory.

.EXAMPLE
    ./examples/water-tip4p.ps1 -OutDirectory ./tip4p
#>
[CmdletBinding()]
param(
    [string] $SharedData = $(if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $PSScriptRoot '../../shared/data' }),
    [string] $Trajectory = (Join-Path $SharedData 'trajectories/dynsight-water/test_coex.xtc'),
    [string] $Topology = (Join-Path $SharedData 'trajectories/dynsight-water/test_coex.gro'),
    [ValidateRange(0, 5)] [int] $Window = 0,
    [uint] $Seed = 0,
    [string] $OutDirectory = (Join-Path (Get-Location) 'water-tip4p')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null

$traj = Import-Trajectory $Trajectory -Topology $Topology
$oxygens = $traj | Select-Atom -Species O
$soap = $traj | Get-SoapSpectrum -RCut 6 -NMax 8 -LMax 8 -Species H, O -Center $oxygens -Layout Full -Normalize
$lens = $traj | Get-LensSignal -RCut 6 -Center $oxygens -Environment $oxygens
if ($Window -gt 0) { $lens = $lens | Invoke-SavitzkyGolay $Window ([Math]::Min(2, $Window - 1)) -Clip -Trim }
$lensRows = $lens.ToDataset()
Write-Host "Trajectory: $traj"
Write-Host "SOAP: $soap"
Write-Host "LENS: $lens"

$lensClasses = $lens | Invoke-KMeans 3 -Seed $Seed
Write-Host ("LENS k-means: centres {0}, populations {1}" -f (($lensClasses.Model.Centres | ForEach-Object { $_.ToString('F3') }) -join ' '),
    ($lensClasses.Populations() -join ' '))

foreach ($kind in 'SOAP', 'SOAP&LENS') {
    $rows = if ($kind -eq 'SOAP') { Join-SoapLens $soap $lens -SoapOnly } else { Join-SoapLens $soap $lens }
    $pca = $rows | Invoke-Pca -Variance 0.99
    $classes = [SoapLens.Learning.ClusterOrdering]::ByMean(($pca | Invoke-GaussianMixture 3 -Seed $Seed), $lensRows, 'lens')
    $tm = $classes | Get-TransitionMatrix
    $mean = [SoapLens.Learning.ClusterOrdering]::Means($classes, $lensRows, 0)

    Write-Host ''
    Write-Host ("{0}: {1} rows x {2} columns, {3} PCA components" -f $kind, $rows.RowCount, $rows.ColumnCount, $pca.ComponentCount)
    Write-Host ("  class populations  {0}" -f ($classes.Populations() -join ' / '))
    Write-Host ("  mean LENS          {0}" -f (($mean | ForEach-Object { $_.ToString('F3') }) -join ' / '))
    Write-Host ("  P(stay), 4 ps      {0}" -f ((0..2 | ForEach-Object { $tm.Probabilities[$_, $_].ToString('F3') }) -join ' / '))

    $slug = if ($kind -eq 'SOAP') { 'soap' } else { 'soaplens' }
    $tm | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-chord.svg") -Kind Chord -Title "TIP4P/Ice, $kind" -Force
    $pca | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-pca.svg") -Kind Scatter -Labels $classes -Force
    $pca, $classes, $tm | Export-SoapLensReport (Join-Path $OutDirectory "$slug-report") -Title "TIP4P/Ice, $kind" -Force
}
Write-Host "Wrote $OutDirectory"
