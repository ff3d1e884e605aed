BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $shared = if ($env:SOAPLENS_SHARED_DATA) { $env:SOAPLENS_SHARED_DATA } else { Join-Path $root '../shared/data' }
    $input5d = Import-SoapLensData (Join-Path $shared 'reference/hdbscan-5d/input.npy')
}

Describe 'Invoke-Pca' {
    It 'fits all components of a piped dataset and keeps its rows' {
        $r = $input5d | Invoke-Pca
        $r | Should -BeOfType ([SoapLens.Learning.PcaResult])
        $r.ComponentCount | Should -Be 5
        $r.RowCount | Should -Be 14400
        $r.Projection.ColumnNames[0] | Should -Be 'pc1'
        [Math]::Abs(($r.Model.ExplainedVarianceRatio | Measure-Object -Sum).Sum - 1) | Should -BeLessThan 1e-12
    }

    It 'keeps the fewest components exceeding a variance fraction' {
        $r = $input5d | Invoke-Pca -Variance 0.9
        $r.Model.KeptVarianceRatio | Should -BeGreaterThan 0.9
        $r.Model.Selection | Should -Be 'Variance'
    }

    It 'takes the Python spelling n_components and reuses a fit with -Model' {
        $fit = $input5d | Invoke-Pca -n_components 2
        $again = $input5d | Invoke-Pca -Model $fit
        $again.Projection.Values | Should -Be $fit.Projection.Values
    }

    It 'refuses a non-dataset input at parameter binding' {
        { 'text' | Invoke-Pca -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound,*'
    }
}
