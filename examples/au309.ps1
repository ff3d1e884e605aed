#Requires -Version 7.4
<#
.SYNOPSIS
    The paper's Au nanoparticle protocol on au309 (Au309 icosahedron, 650 K, 300 frames of 1 ps, non-periodic).

.DESCRIPTION
    The Au-NP column of the paper (no oracle outputs in shared/data for this system; the numbers printed
    are what SoapLens finds):
    1. SOAP of every atom: r_cut 4.48 Å, n_max = l_max = 8, sigma 1, non-periodic, Full layout, normalised.
    2. LENS: r_cut 4.48 Å, Savitzky-Golay window 100, order 2, clipped, window/2 = 50 frames trimmed at
       each end (the paper's rule; 299 values -> 199).
    3. LENS-only classification: k-means of the smoothed LENS values into 4 classes (numbered by
       increasing mean LENS), their transition matrix and chord diagram (paper Fig. 3b).
    4. SOAP-only and SOAP&LENS rows on the same frames; PCA keeping 99.5 %; HDBSCAN* with
       min_cluster_size 150 and soft labels; transitions at 1 ps; macro-clusters (cut 1).
    5. Figures and an HTML report in -OutDirectory.

.EXAMPLE
    ./examples/au309.ps1 -OutDirectory ./au309
#>
[CmdletBinding()]
param(
    [string] $SharedData = $(if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $PSScriptRoot '../../shared/data' }),
    [string] $Trajectory = (Join-Path $SharedData 'trajectories/au309/au309.extxyz'),
    [double] $RCut = 4.48,
    [int] $Window = 100,
    [int] $MinClusterSize = 150,
    [int] $LensClusterCount = 4,
    [string] $OutDirectory = (Join-Path (Get-Location) 'au309')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null

$traj = Import-Trajectory $Trajectory
$soap = $traj | Get-SoapSpectrum -RCut $RCut -NMax 8 -LMax 8 -NonPeriodic -Layout Full -Normalize
$lens = $traj | Get-LensSignal -RCut $RCut | Invoke-SavitzkyGolay $Window 2 -Clip -Trim
$lensRows = $lens.ToDataset()
Write-Host "SOAP: $soap"
Write-Host "LENS: $lens"

# LENS alone: k-means on the 1-D smoothed values; clusters of 1-D data are numbered by increasing mean.
$lensClasses = $lens | Invoke-KMeans $LensClusterCount -Seed 0
$lensTm = $lensClasses | Get-TransitionMatrix
Write-Host ''
Write-Host ("LENS k-means: {0} classes, centres {1}, populations {2}" -f $lensClasses.ClusterCount,
    (($lensClasses.Model.Centres | ForEach-Object { $_.ToString('F3') }) -join ' '), ($lensClasses.Populations() -join ' '))
Write-Host ("  P(stay), 1 ps  {0}" -f ((0..($lensTm.ClusterCount - 1) | ForEach-Object { $lensTm.Probabilities[$_, $_].ToString('F3') }) -join ' '))
$lensTm | Export-SoapLensFigure (Join-Path $OutDirectory 'lens-chord.svg') -Kind Chord -Title 'Au309, LENS classes' -Force

foreach ($kind in 'SOAP', 'SOAP&LENS') {
    $rows = if ($kind -eq 'SOAP') { Join-SoapLens $soap $lens -SoapOnly } else { Join-SoapLens $soap $lens }
    $pca = $rows | Invoke-Pca -Variance 0.995
    $labels = $pca | Invoke-Hdbscan -MinClusterSize $MinClusterSize -Soft
    $tm = $labels | Get-TransitionMatrix
    $merge = $tm | Merge-Cluster -Labels $labels
    $mean = [SoapLens.Learning.ClusterOrdering]::Means($labels, $lensRows, 0)

    Write-Host ''
    Write-Host ("{0}: {1} rows, {2} PCA components, {3} clusters -> {4} macro-clusters (map {5})" -f $kind, $rows.RowCount,
        $pca.ComponentCount, $labels.ClusterCount, $merge.MacroCount, ($merge.FClusterNumbers() -join ' '))
    Write-Host ("  populations        {0}" -f ($labels.Populations() -join ' '))
    Write-Host ("  mean smoothed LENS {0}" -f (($mean | ForEach-Object { $_.ToString('F3') }) -join ' '))
    Write-Host ("  P(stay), 1 ps      {0}" -f ((0..($tm.ClusterCount - 1) | ForEach-Object { $tm.Probabilities[$_, $_].ToString('F2') }) -join ' '))

    $slug = if ($kind -eq 'SOAP') { 'soap' } else { 'soaplens' }
    $tm | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-chord.svg") -Kind Chord -Title "Au309, $kind" -Force
    $merge | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-dendrogram.svg") -Kind Dendrogram -Force
    $pca | Export-SoapLensFigure (Join-Path $OutDirectory "$slug-pca.svg") -Kind Scatter -Labels $labels -Force
    $pca, $labels, $tm, $merge | Export-SoapLensReport (Join-Path $OutDirectory "$slug-report") -Title "Au309, $kind" -Force
}
Write-Host "Wrote $OutDirectory"
