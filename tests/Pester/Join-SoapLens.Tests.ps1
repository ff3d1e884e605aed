BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/SoapLens/SoapLens.psd1') -Force
    $demo = Join-Path $root 'examples/data/cu211-demo.extxyz'
}

Describe 'Join-SoapLens' {
    BeforeAll {
        $traj = Import-Trajectory $demo
        $top = $traj | Select-Atom -Top 24
        $soap = $traj | Get-SoapSpectrum -RCut 5 -NMax 4 -LMax 4 -Center $top
        $lens = $traj | Get-LensSignal -RCut 5 -Center $top | Invoke-SavitzkyGolay 5 2 -Clip -TrimLength 3
    }

    It 'joins positionally into one row per (frame, centre) with n + 1 columns' {
        $x = Join-SoapLens $soap $lens
        $x | Should -BeOfType ([SoapLens.Data.Dataset])
        $x.ColumnCount | Should -Be 81              # 4 x 4 x 5 full-layout SOAP + lens
        $x.ColumnNames[-1] | Should -Be 'lens'
        $x.RowCount | Should -Be ((19 - 6) * 24)    # 20 frames -> 19 LENS values, 3 trimmed at each end
        $x.Frames[0] | Should -Be 3
        $x.Source | Should -Be 'SoapLens'
    }

    It 'uses the normalised full-layout SOAP and the LENS value of t -> t+1' {
        $x = Join-SoapLens $soap $lens
        $full = $soap.ToLayout('Full').Normalize()
        $vector = $full.Vector($soap.FramePosition(3), 0)
        for ($i = 0; $i -lt 80; $i++) { $x.get_Item(0, $i) | Should -Be $vector[$i] }
        $x.get_Item(0, 80) | Should -Be $lens.get_Item(0, 0)
    }

    It 'takes the spectrum from the pipeline, a weight and -SoapOnly' {
        $w = $soap | Join-SoapLens -Lens $lens -lens_weight 2
        $w.get_Item(0, 80) | Should -Be (2 * $lens.get_Item(0, 0))
        $s = Join-SoapLens $soap $lens -SoapOnly
        $s.ColumnCount | Should -Be 80
        $s.Frames | Should -Be $w.Frames
    }

    It 'refuses a LENS signal of other centres, naming them' {
        $other = $traj | Get-LensSignal -RCut 5 -Center 1..24
        { Join-SoapLens $soap $other -ErrorAction Stop } | Should -Throw -ErrorId 'CentresDiffer,*'
    }

    It 'refuses a delay other than one frame' {
        $slow = $traj | Get-LensSignal -RCut 5 -Center $top -Delay 2
        { Join-SoapLens $soap $slow -ErrorAction Stop } | Should -Throw -ErrorId 'LensDelayNotOne,*'
    }
}
