#Requires -Version 7.4
<#
.SYNOPSIS
    One-command demo: the paper's SOAP&LENS protocol on the bundled 20-frame Cu(211) trajectory,
    from the file to figures and an HTML report.

.DESCRIPTION
    Runs on examples/data/cu211-demo.extxyz (720 Cu atoms, 20 frames 1 ps apart, 1050 K; see
    examples/data/README.md), so it needs nothing outside the repository and takes a few seconds:
    1. SOAP of every atom (r_cut 6 Å, n_max = l_max = 8, periodic in x and y, Full layout, normalised).
    2. LENS (r_cut 6 Å), Savitzky-Golay window 5, order 2, clipped, window/2 = 2 frames trimmed at each
       end (the paper uses window 20 on longer runs; 20 frames leave 19 LENS values).
    3. SOAP&LENS rows (Join-SoapLens): 15 frames (2..16) x 720 atoms, 577 columns.
    4. PCA keeping 99.5 % of the variance, HDBSCAN* (min_cluster_size 80) with soft labels.
    5. Transition matrix at 1 ps and macro-clusters (average linkage of 1 - correlation, cut 1).
    6. Figures (chord, transition heatmap, dendrogram, PCA scatter, explained variance, LENS series
       coloured by cluster) and an HTML report in -OutDirectory.
    The same pipeline runs in CI through the stages (tests/SoapLens.Core.Tests/EndToEnd/DemoTests.cs).

.EXAMPLE
    ./examples/demo.ps1
    Writes ./soaplens-demo/index.html and the SVG figures, and prints the key numbers.
#>
[CmdletBinding()]
param(
    [string] $Trajectory = (Join-Path $PSScriptRoot 'data/cu211-demo.extxyz'),
    [string] $OutDirectory = (Join-Path (Get-Location) 'soaplens-demo')
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module SoapLens)) {
    $built = Join-Path $PSScriptRoot '../out/SoapLens/SoapLens.psd1'
    if (Test-Path $built) { Import-Module $built } else { Import-Module SoapLens }
}
New-Item -ItemType Directory -Force -Path $OutDirectory | Out-Null
$clock = [Diagnostics.Stopwatch]::StartNew()

$traj = Import-Trajectory $Trajectory
$soap = $traj | Get-SoapSpectrum -RCut 6 -NMax 8 -LMax 8 -Layout Full -Normalize
$lens = $traj | Get-LensSignal -RCut 6 | Invoke-SavitzkyGolay -WindowLength 5 -PolyOrder 2 -Clip -Trim
$rows = Join-SoapLens $soap $lens
$pca = $rows | Invoke-Pca -Variance 0.995
$labels = $pca | Invoke-Hdbscan -MinClusterSize 80 -Soft
$tm = $labels | Get-TransitionMatrix
$merge = $tm | Merge-Cluster -Labels $labels
$meanLens = [SoapLens.Learning.ClusterOrdering]::Means($labels, $lens.ToDataset(), 0)

$tm | Export-SoapLensFigure (Join-Path $OutDirectory 'chord.svg') -Kind Chord -Title 'Cu(211) demo: SOAP&LENS clusters' -Force
$tm | Export-SoapLensFigure (Join-Path $OutDirectory 'transitions.svg') -Kind Heatmap -Force
$merge | Export-SoapLensFigure (Join-Path $OutDirectory 'dendrogram.svg') -Kind Dendrogram -Force
$pca | Export-SoapLensFigure (Join-Path $OutDirectory 'pca.svg') -Kind Scatter -Labels $labels -Force
$pca | Export-SoapLensFigure (Join-Path $OutDirectory 'variance.svg') -Kind Variance -Force
$lens | Export-SoapLensFigure (Join-Path $OutDirectory 'lens.svg') -Kind TimeSeries -Labels $labels -Force
$soap, $lens, $pca, $labels, $tm, $merge | Export-SoapLensReport (Join-Path $OutDirectory 'report') -Title 'SoapLens demo: Cu(211), 20 frames' -Force

Write-Host "SOAP:       $soap"
Write-Host "LENS:       $lens"
Write-Host "SOAP&LENS:  $rows (frames $($rows.Frames[0])..$($rows.Frames[-1]))"
Write-Host ("PCA:        {0} components keep {1:P2} of the variance" -f $pca.ComponentCount, $pca.Model.KeptVarianceRatio)
Write-Host ("HDBSCAN*:   {0} clusters, populations {1}" -f $labels.ClusterCount, ($labels.Populations() -join ' '))
Write-Host ("mean LENS:  {0}" -f (($meanLens | ForEach-Object { $_.ToString('F3') }) -join ' '))
Write-Host ("P(stay):    {0}" -f ((0..($tm.ClusterCount - 1) | ForEach-Object { $tm.Probabilities[$_, $_].ToString('F2') }) -join ' '))
Write-Host ("Merge:      {0}" -f $merge)
Write-Host ("Wrote {0} in {1:F1} s: open {2}" -f $OutDirectory, $clock.Elapsed.TotalSeconds, (Join-Path $OutDirectory 'report/index.html'))
