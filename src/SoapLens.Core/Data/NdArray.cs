namespace SoapLens.Data;

/// <summary>Element types an <see cref="NdArray"/> can hold (the ones NumPy and HDF5 files use here).</summary>
public enum NdType
{
    Float64,
    Float32,
    Int64,
    Int32,
    UInt8,
}

/// <summary>
/// A contiguous, C-ordered (row-major) n-dimensional array: the interchange form every result
/// takes on its way to and from files. It does not implement IEnumerable on purpose, so that
/// PowerShell never unrolls it.
/// </summary>
public sealed class NdArray
{
    private NdArray(Array data, NdType type, int[] shape)
    {
        long n = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(shape), "Negative dimension.");
            n *= s;
        }
        if (n != data.LongLength)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) needs {n} elements, data has {data.LongLength}.");
        Data = data;
        DType = type;
        Shape = shape;
    }

    public Array Data { get; }
    public NdType DType { get; }
    public int[] Shape { get; }
    public int Rank => Shape.Length;
    public long Length => Data.LongLength;

    public static NdArray Of(double[] data, params int[] shape) => new(data, NdType.Float64, Default(shape, data.Length));
    public static NdArray Of(float[] data, params int[] shape) => new(data, NdType.Float32, Default(shape, data.Length));
    public static NdArray Of(long[] data, params int[] shape) => new(data, NdType.Int64, Default(shape, data.Length));
    public static NdArray Of(int[] data, params int[] shape) => new(data, NdType.Int32, Default(shape, data.Length));
    public static NdArray Of(byte[] data, params int[] shape) => new(data, NdType.UInt8, Default(shape, data.Length));

    public static NdArray Create(NdType type, int[] shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        Array data = type switch
        {
            NdType.Float64 => new double[n],
            NdType.Float32 => new float[n],
            NdType.Int64 => new long[n],
            NdType.Int32 => new int[n],
            NdType.UInt8 => new byte[n],
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return new NdArray(data, type, (int[])shape.Clone());
    }

    private static int[] Default(int[] shape, int length) => shape.Length == 0 ? [length] : shape;

    public static int ElementSize(NdType t) => t switch
    {
        NdType.Float64 or NdType.Int64 => 8,
        NdType.Float32 or NdType.Int32 => 4,
        NdType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public bool IsFloating => DType is NdType.Float64 or NdType.Float32;

    public double GetDouble(long i) => Data switch
    {
        double[] d => d[i],
        float[] f => f[i],
        long[] l => l[i],
        int[] n => n[i],
        byte[] b => b[i],
        _ => throw new InvalidOperationException(),
    };

    public long GetInt64(long i) => Data switch
    {
        long[] l => l[i],
        int[] n => n[i],
        byte[] b => b[i],
        double[] d => checked((long)d[i]),
        float[] f => checked((long)f[i]),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The values as float64 (the same array when already float64).</summary>
    public double[] ToDoubleArray()
    {
        if (Data is double[] d) return d;
        var r = new double[Length];
        for (long i = 0; i < r.LongLength; i++) r[i] = GetDouble(i);
        return r;
    }

    public long[] ToInt64Array()
    {
        if (Data is long[] l) return l;
        var r = new long[Length];
        for (long i = 0; i < r.LongLength; i++) r[i] = GetInt64(i);
        return r;
    }

    public int[] ToInt32Array()
    {
        if (Data is int[] n) return n;
        var r = new int[Length];
        for (long i = 0; i < r.LongLength; i++) r[i] = checked((int)GetInt64(i));
        return r;
    }

    public NdArray Reshape(params int[] shape) => new(Data, DType, shape);

    public string ShapeText => $"({string.Join(", ", Shape)})";

    public override string ToString() => $"{DType.ToString().ToLowerInvariant()}[{string.Join(" x ", Shape)}]";
}
