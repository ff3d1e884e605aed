#Requires -Version 7.4
<#
.SYNOPSIS
    The paper's ice/water protocol (SOAP vs SOAP&LENS, Gaussian mixture of 3) on the mW ice/liquid slab mw-small.

.DESCRIPTION
    Reproduces shared/data/reference/e2e-mw-small (summary.json). Expected: PCA keeps 4 components
    (SOAP) and 2 (SOAP&LENS) for 99 % of the variance; SOAP&LENS classes ordered by mean smoothed
    LENS 0.060 / 0.283 / 0.631 = ice / interface / liquid with fractions 0.379 / 0.229 / 0.393 and
    P(stay) 0.990 / 0.969 / 0.991 at 10 ps; SOAP alone splits the liquid into two fast-interconverting
    classes (P(stay) 0.37 and 0.59) that do not sit at the interfaces.

    1. SOAP of every molecule (mW: one particle, species O): r_cut 6 Å, n_max = l_max = 8, periodic,
       Full layout (576), normalised.
    2. LENS: r_cut 6 Å, Savitzky-Golay window 100, order 2, clipped, 10 frames trimmed at each end
       (the reference's trim; the paper's window/2 would be -Trim).
    3. SOAP&LENS rows and SOAP-only rows on the same frames 10..138 (129 x 1200 = 154 800 rows).
    4. PCA keeping 99 %, Gaussian mixture of 3 (full covariance, seed 0), classes renumbered by
       increasing mean smoothed LENS, transition matrix at 10 ps.
    5. Per-class z histograms (36 bins over the box height, as the reference) to locate the classes,
       figures and an HTML report in -OutDirectory.
    Takes about 15 s on two cores (most of it SOAP and the two 577-column datasets).

.EXAMPLE
    ./examples/water-mw.ps1 -OutDirectory ./mw
#>
[CmdletBinding()]
param(
    [string] $SharedData = $(if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $PSScriptRoot '../../shared/data' }),
    [string] $Trajectory = (Join-Path $SharedData 'trajectories/mw-small/mw-small.extxyz'),
    [int] $Window = 100,
    [int] $Trim = 10,
    [uint] $Seed = 0,
    [string] $OutDirectory = (Join-Path (Get-Location) 'water-mw')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null

$traj = Import-Trajectory $Trajectory
$soap = $traj | Get-SoapSpectrum -RCut 6 -NMax 8 -LMax 8 -Layout Full -Normalize
$lens = $traj | Get-LensSignal -RCut 6 | Invoke-SavitzkyGolay $Window 2 -Clip -TrimLength $Trim
$lensRows = $lens.ToDataset()
Write-Host "SOAP: $soap"
Write-Host "LENS: $lens"

# z of every molecule at every frame, to histogram the classes along the slab normal.
$frames = @{}
$lz = 0
foreach ($f in $traj.ReadFrames()) {
    $z = [double[]]::new($f.AtomCount)
    for ($a = 0; $a -lt $f.AtomCount; $a++) { $z[$a] = $f.Positions[3 * $a + 2] }
    $frames[$f.Index] = $z
    $lz = $f.Cell.Length(2)
}

foreach ($kind in 'SOAP', 'SOAP&LENS') {
    $rows = if ($kind -eq 'SOAP') { Join-SoapLens $soap $lens -SoapOnly } else { Join-SoapLens $soap $lens }
    $pca = $rows | Invoke-Pca -Variance 0.99
    $rows = $null   # free the 577-column rows before clustering
    $gmm = $pca | Invoke-GaussianMixture 3 -Seed $Seed
    # The paper orders the classes by their mean LENS: 0 = ice (least dynamic), 2 = liquid.
    $classes = [SoapLens.Learning.ClusterOrdering]::ByMean($gmm, $lensRows, 'lens')
    $tm = $classes | Get-TransitionMatrix
    $mean = [SoapLens.Learning.ClusterOrdering]::Means($classes, $lensRows, 0)
    $fractions = $classes.Populations() | ForEach-Object { $_ / $classes.RowCount }

    Write-Host ''
    Write-Host ("{0}: {1} PCA components (cumulative {2}), {3} rows" -f $kind, $pca.ComponentCount,
        (($pca.Model.CumulativeVarianceRatio()[0..($pca.ComponentCount - 1)] | ForEach-Object { $_.ToString('F4') }) -join ' '), $classes.RowCount)
    Write-Host ("  class fractions     {0}" -f (($fractions | ForEach-Object { $_.ToString('F3') }) -join ' / '))
    Write-Host ("  mean smoothed LENS  {0}" -f (($mean | ForEach-Object { $_.ToString('F3') }) -join ' / '))
    Write-Host ("  P(stay), 10 ps      {0}" -f ((0..2 | ForEach-Object { $tm.Probabilities[$_, $_].ToString('F3') }) -join ' / '))

    # Where along z each class sits: rows per bin of Lz/36 (the reference's histogram).
    $hist = 0..2 | ForEach-Object { , [long[]]::new(36) }
    for ($r = 0; $r -lt $classes.RowCount; $r++) {
        $z = $frames[$classes.Frames[$r]][$classes.AtomIds[$r] - 1]   # mW ids run 1..1200 in file order
        $zw = $z - $lz * [Math]::Floor($z / $lz)
        $hist[$classes.Labels[$r]][[Math]::Min(35, [int][Math]::Floor($zw / ($lz / 36)))]++
    }
    for ($c = 0; $c -lt 3; $c++) { Write-Host ("  z histogram class {0}: {1}" -f $c, ($hist[$c] -join ' ')) }

    $slug = if ($kind -eq 'SOAP') { 'soap' } else { 'soaplens' }
    $tm | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-chord.svg") -Kind Chord -Title "mW water, $kind" -Force
    $tm | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-transitions.svg") -Kind Heatmap -Force
    $pca | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-pca.svg") -Kind Scatter -Labels $classes -Force
    $pca, $classes, $tm | Export-SoapLensReport (Join-Path $OutDirectory "$slug-report") -Title "mW ice/water, $kind" -Force
}
Write-Host "Wrote $OutDirectory"
