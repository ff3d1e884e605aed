using SoapLens.IO.Hdf5;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>
/// HDF5 tests run one at a time (they check the process-wide count of open HDF5 objects after each
/// test, which other HDF5 tests running in parallel would disturb).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Hdf5Collection
{
    public const string Name = "Hdf5";
}

/// <summary>Base of the HDF5 tests: after every test no file, group, dataset, type or attribute may still be open.</summary>
[Collection(Hdf5Collection.Name)]
public abstract class Hdf5TestBase : IDisposable
{
    protected Hdf5TestBase()
    {
        Assert.True(Hdf5Files.IsAvailable(out var problem), problem);
        Assert.Equal(0, Hdf5Files.Backend.OpenObjectCount());
    }

    private TempDir? _temp;

    public static string Sample(string name) => SharedData.Path("hdf5", name);

    /// <summary>A scratch folder for this test, deleted afterwards.</summary>
    protected TempDir Temp => _temp ??= new TempDir();

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
        _temp?.Dispose();
        Assert.Equal(0, Hdf5Files.Backend.OpenObjectCount());
    }
}
