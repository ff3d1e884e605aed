@{
    RootModule           = 'SoapLens.PowerShell.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '6f0d3c52-3b8e-4f61-9f0a-5d2c7a9e41b3'
    Author               = 'SoapLens developers'
    CompanyName          = 'SoapLens'
    Copyright            = '(c) SoapLens developers. MIT licence.'
    Description          = 'Structure-dynamics analysis of molecular-dynamics trajectories: SOAP, LENS, PCA, HDBSCAN*/GMM clustering, transition matrices, collective variables.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @(
        'Dependencies/SoapLens.Core.dll',
        'Dependencies/MathNet.Numerics.dll',
        'Dependencies/CsvHelper.dll'
    )
    FormatsToProcess     = @('SoapLens.Format.ps1xml')
    CmdletsToExport      = @(
        'Export-SoapLensData',
        'Export-SoapLensFigure',
        'Export-SoapLensReport',
        'Export-Trajectory',
        'Get-LensSignal',
        'Get-ResidenceTime',
        'Get-SoapLensFileContent',
        'Get-SoapSpectrum',
        'Get-TimeSoap',
        'Get-TransitionMatrix',
        'Import-SoapLensData',
        'Import-Trajectory',
        'Invoke-AutoencoderCv',
        'Invoke-EigenfunctionCv',
        'Invoke-GaussianMixture',
        'Invoke-Hdbscan',
        'Invoke-KMeans',
        'Invoke-LangevinSimulation',
        'Invoke-Pca',
        'Invoke-SavitzkyGolay',
        'Invoke-ThresholdClassification',
        'Invoke-Tica',
        'Join-SoapLens',
        'Measure-SoapDistance',
        'Measure-VampScore',
        'Merge-Cluster',
        'Select-Atom'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('MolecularDynamics', 'SOAP', 'LENS', 'Clustering', 'HDBSCAN', 'PCA', 'Linux')
            ProjectUri = 'https://example.invalid/soaplens'
        }
    }
}
