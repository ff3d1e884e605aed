using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;

namespace SoapLens.Tests.Plots;

/// <summary>(frame, atom id) keys hash apart: the report aligns labels with 10⁵–10⁶ rows through them.</summary>
public class RowKeyTests
{
    [Fact]
    public void Keys_of_a_paper_sized_grid_get_almost_all_distinct_hashes()
    {
        var hashes = new HashSet<int>();
        int n = 0;
        for (int f = 0; f < 482; f++)
            for (int a = 1; a <= 900; a++, n++) hashes.Add(RowKey.Comparer.GetHashCode(RowKey.Of(f, a)));
        // long's own hash (atom ^ frame) gives at most 1024 values here.
        Assert.True(hashes.Count > 0.999 * n, $"{hashes.Count} distinct hashes for {n} keys");
        Assert.True(RowKey.Comparer.Equals(RowKey.Of(3, 7), RowKey.Of(3, 7)));
        Assert.NotEqual(RowKey.Of(3, 7), RowKey.Of(7, 3));
    }

    [Fact]
    public void Label_alignment_matches_rows_by_key_in_any_order()
    {
        var labels = new ClusterLabels([0, 1, 2, 1], [0, 0, 1, 1], [1, 2, 1, 2], 3, "t");
        var data = new Dataset([0, 0, 0, 0, 0], 5, 1, [1, 0, 1, 0, 2], [2, 2, 1, 1, 1]);
        Assert.Equal([1, 1, 2, 0, LabelGrid.Missing], LabelAlignment.ForRows(data, labels));
    }
}
