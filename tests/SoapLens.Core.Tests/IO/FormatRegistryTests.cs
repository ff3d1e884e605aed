using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.Tests.IO;

/// <summary>The one -Format/extension lookup behind TrajectoryFormats, TrajectoryWriters and DataFormats.</summary>
public class FormatRegistryTests
{
    private sealed record Fake(string Name, params string[] Extensions);

    private static FormatRegistry<Fake> Registry() =>
        new("test", f => f.Name, f => f.Extensions, [new Fake("gz", ".gz"), new Fake("dump", ".lammpstrj", ".lammpstrj.gz")]);

    [Fact]
    public void Chooses_by_name_ignoring_case_or_by_the_longest_matching_extension()
    {
        var r = Registry();
        Assert.Equal("dump", r.Resolve("x.gz", "DUMP").Name);
        Assert.Equal("dump", r.Resolve("/a/b/RUN.LAMMPSTRJ.GZ", null).Name);
        Assert.Equal("gz", r.Resolve("run.gz", null).Name);
    }

    [Fact]
    public void Unknown_names_and_extensions_say_what_to_pass()
    {
        var r = Registry();
        var byName = Assert.Throws<SoapLensException>(() => r.Resolve("x.gz", "pdb"));
        Assert.Equal("UnknownFormat", byName.ErrorId);
        Assert.Contains("Unknown test format 'pdb'. Known formats: gz, dump.", byName.Message);
        var byExtension = Assert.Throws<SoapLensException>(() => r.Resolve("x.pdb", null));
        Assert.Equal("UnknownFormat", byExtension.ErrorId);
        Assert.Contains("'x.pdb'", byExtension.Message);
        Assert.Contains(".lammpstrj.gz", byExtension.Message);
        Assert.Contains("Use -Format with one of: gz, dump.", byExtension.Message);
    }

    [Fact]
    public void Registering_replaces_the_format_of_the_same_name()
    {
        var r = Registry();
        r.Register(new Fake("gz", ".gzip"));
        Assert.Equal(2, r.All.Count);
        Assert.Equal("gz", r.Resolve("a.gzip", null).Name);
        Assert.Throws<SoapLensException>(() => r.Resolve("a.tgz", null));
    }

    [Fact]
    public void The_three_registries_resolve_their_own_formats()
    {
        Assert.Equal("npy", DataFormats.Resolve("a.NPY", null).Name);
        Assert.Equal("csv", DataFormats.Resolve("a.npy", "csv").Name);
        Assert.Contains("data format", Assert.Throws<SoapLensException>(() => DataFormats.Resolve("a.txt", null)).Message);
        Assert.Equal("extxyz", TrajectoryFormats.Resolve("a.extxyz", null).Name);
        Assert.Equal("lammpsdump", TrajectoryWriters.Resolve("a.xyz", "LammpsDump").Name);
        Assert.Contains("trajectory output format", Assert.Throws<SoapLensException>(() => TrajectoryWriters.Resolve("a.pdb", null)).Message);
    }
}
