# Runs every recipe in examples/ end to end against the built module and checks what it writes and
# reports, so the README's commands are known to work.
BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $examples = Join-Path $root 'examples'

    # Runs a recipe in a child scope and returns everything it wrote to the host as text.
    function Invoke-Recipe([string] $Name, [hashtable] $Parameters) {
        $Parameters.OutDirectory = Join-Path $TestDrive $Name
        (& (Join-Path $examples "$Name.ps1") @Parameters 6>&1 | Out-String)
    }
}

Describe 'examples' {
    It 'demo.ps1 writes the figures and the report from the bundled data' {
        $text = Invoke-Recipe 'demo' @{}
        foreach ($f in 'chord.svg', 'transitions.svg', 'dendrogram.svg', 'pca.svg', 'variance.svg', 'lens.svg', 'report/index.html') {
            Join-Path $TestDrive "demo/$f" | Should -Exist
        }
        $text | Should -Match 'SOAP&LENS:\s+Dataset 10800 x 577'
        $text | Should -Match 'HDBSCAN\*:\s+\d+ clusters'
    }

    It 'cu211.ps1 reproduces the e2e-cu211-long finding with the paper''s window' {
        $text = Invoke-Recipe 'cu211' @{ SharedData = $shared }
        $text | Should -Match 'diffusing-atom cluster not found'
        $text | Should -Match 'SOAP: 82080 rows, 5 PCs, 4 clusters, soft sizes 9340 38198 10113 24429'   # summary.json
        $text | Should -Match 'SOAP&LENS: 82080 rows, 5 PCs, 3 clusters, soft sizes 19009 37767 25304'
        $text | Should -Match 'LENS classes'
        Join-Path $TestDrive 'cu211/soaplens-report/index.html' | Should -Exist
    }

    It 'au309.ps1 classifies the nanoparticle' {
        $text = Invoke-Recipe 'au309' @{ SharedData = $shared }
        $text | Should -Match 'LENS k-means: 4 classes'
        $text | Should -Match 'SOAP&LENS: \d+ rows'
    }

    It 'water-mw.ps1 orders the classes ice < interface < liquid' {
        $text = Invoke-Recipe 'water-mw' @{ SharedData = $shared }
        $text | Should -Match 'mean smoothed LENS\s+0\.060 / 0\.283 / 0\.631'
    }

    It 'water-tip4p.ps1 joins the 1728-feature water SOAP with LENS' {
        $text = Invoke-Recipe 'water-tip4p' @{ SharedData = $shared }
        $text | Should -Match 'SOAP&LENS: 10240 rows x 1729 columns'
    }

    It 'cv-langevin.ps1 finds the double-well CV with TICA and the eigenfunction' {
        $text = Invoke-Recipe 'cv-langevin' @{ Epochs = 30 }
        $text | Should -Match 'TICA\s+eigenvalues 0\.95\d\s+timescales \d+ frames\s+\|r\(CV1, x\)\| (0\.9[5-9]\d|1\.000)'
        Join-Path $TestDrive 'cv-langevin/TripleWell-eigenfunction.svg' | Should -Exist
    }

    It 'cv-cu211.ps1 applies TICA and the autoencoder to SOAP&LENS' {
        $text = Invoke-Recipe 'cv-cu211' @{ SharedData = $shared }
        $text | Should -Match 'TICA on PCA scores'
        $text | Should -Match 'Autoencoder: reconstruction error'
    }
}
