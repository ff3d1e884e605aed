BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    # 2 atoms over 4 frames: atom 1 goes 0 0 1 1, atom 2 stays in 1 with one noise frame.
    $script:labels = [SoapLens.Learning.ClusterLabels]::new(
        [int[]](0, 1, 0, 1, 1, -1, 1, 1), [int[]](0, 0, 1, 1, 2, 2, 3, 3), [int[]](1, 2, 1, 2, 1, 2, 1, 2), 2, 'test',
        $null, $null, $null, $null)
}

Describe 'Get-TransitionMatrix' {
    It 'counts transitions from the pipeline' {
        $tm = $labels | Get-TransitionMatrix -WarningAction SilentlyContinue
        $tm | Should -BeOfType ([SoapLens.Dynamics.TransitionMatrix])
        $tm.Counts[0, 0] | Should -Be 1
        $tm.Counts[0, 1] | Should -Be 1
        $tm.Counts[1, 1] | Should -Be 2
        $tm.NoisePairs | Should -Be 2
        $tm.Probabilities[0, 1] | Should -Be 0.5
    }

    It 'warns about pairs with noise' {
        $null = Get-TransitionMatrix $labels -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -Not -BeNullOrEmpty
    }

    It 'takes a lag and a stride' {
        $tm = Get-TransitionMatrix -InputObject $labels -Lag 2 -Stride 1 -WarningAction SilentlyContinue
        $tm.Lag | Should -Be 2
        $tm.Counts[0, 1] | Should -Be 2
    }

    It 'reports input without labels as an error' {
        'text' | Get-TransitionMatrix -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputNotLabelled*'
    }
}
