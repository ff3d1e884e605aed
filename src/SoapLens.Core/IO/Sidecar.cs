using System.Text.Json;
using System.Text.Json.Nodes;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// The small JSON file written next to an .npy or .csv export (<c>name.npy.json</c>): which result
/// kind and variable the array is, its dimension names, the coordinates along those dimensions and
/// the parameters. numpy ignores it; Import-SoapLensData uses it to rebuild the typed result.
/// </summary>
public static class Sidecar
{
    public const string Suffix = ".json";
    private const int FormatVersion = 1;

    public static string PathFor(string dataPath) => dataPath + Suffix;

    /// <summary>The bundle reduced to what one exported variable needs: the variable, its coordinates, the attributes.</summary>
    public static JsonObject Describe(DataBundle bundle, DataVariable variable)
    {
        bool primary = ReferenceEquals(variable, bundle.Primary);
        var coords = new JsonObject();
        foreach (var c in bundle.Coordinates.Where(c => variable.Dims.Contains(c.Dim)))
            coords[c.Name] = new JsonObject { ["dim"] = c.Dim, ["dtype"] = c.Values.DType.ToString(), ["values"] = ToJson(c.Values) };
        var attrs = new JsonObject();
        foreach (var (k, v) in bundle.Attributes) attrs[k] = AttributeToJson(v);
        return new JsonObject
        {
            ["soaplens"] = FormatVersion,
            // A secondary array (e.g. LENS neighbour counts) comes back as a plain array, not as the result.
            ["kind"] = primary ? bundle.Kind : "Array",
            ["source_kind"] = bundle.Kind,
            ["variable"] = variable.Name,
            ["dims"] = new JsonArray(variable.Dims.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["dtype"] = variable.Values.DType.ToString(),
            ["shape"] = new JsonArray(variable.Values.Shape.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["coordinates"] = coords,
            ["attributes"] = attrs,
        };
    }

    public static void Write(string path, JsonObject description, bool force) =>
        AtomicFile.Write(path, force, s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            description.WriteTo(w, Options);
        });

    public static JsonObject? TryRead(string dataPath)
    {
        var p = PathFor(dataPath);
        if (!File.Exists(p)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(p), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject
                ?? throw new MalformedFileException(p, "the metadata file is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new MalformedFileException(p, $"the metadata file is not valid JSON ({ex.Message}).", ex.LineNumber + 1, inner: ex);
        }
    }

    /// <summary>Builds a bundle around <paramref name="values"/> from a sidecar description.</summary>
    public static DataBundle ToBundle(JsonObject d, NdArray values, string path)
    {
        try
        {
            var kind = (string?)d["kind"] ?? "Array";
            var name = (string?)d["variable"] ?? "values";
            var dims = d["dims"]?.AsArray().Select(x => (string)x!).ToArray() ?? DefaultDims(values.Rank);
            if (dims.Length != values.Rank)
                throw new MalformedFileException(PathFor(path), $"the metadata names {dims.Length} dimensions but the array has {values.Rank}.");
            var b = new DataBundle(kind == "Array" ? Dataset.Kind : kind);
            b.Add(name, values, dims);
            if (d["coordinates"] is JsonObject coords)
                foreach (var (cn, node) in coords)
                {
                    var c = node!.AsObject();
                    var dtype = Enum.Parse<NdType>((string)c["dtype"]!);
                    b.AddCoordinate(cn, (string)c["dim"]!, FromJson(c["values"]!.AsArray(), dtype));
                }
            if (d["attributes"] is JsonObject attrs)
                foreach (var (an, node) in attrs)
                    if (node is not null) b.Attributes[an] = AttributeFromJson(node);
            return b;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new MalformedFileException(PathFor(path), $"the metadata file is not a SoapLens description ({ex.Message}).", inner: ex);
        }
    }

    public static string[] DefaultDims(int rank) => Enumerable.Range(0, rank).Select(i => $"dim{i}").ToArray();

    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static JsonNode ToJson(NdArray a)
    {
        var arr = new JsonArray();
        for (long i = 0; i < a.Length; i++)
            arr.Add(a.IsFloating ? JsonValue.Create(a.GetDouble(i)) : JsonValue.Create(a.GetInt64(i)));
        return arr;
    }

    private static NdArray FromJson(JsonArray arr, NdType type)
    {
        var a = NdArray.Create(type, [arr.Count]);
        for (int i = 0; i < arr.Count; i++)
        {
            switch (a.Data)
            {
                case double[] d: d[i] = ReadDouble(arr[i]!); break;
                case float[] f: f[i] = (float)ReadDouble(arr[i]!); break;
                case long[] l: l[i] = (long)arr[i]!; break;
                case int[] n: n[i] = (int)arr[i]!; break;
                case byte[] b: b[i] = (byte)arr[i]!; break;
            }
        }
        return a;
    }

    private static double ReadDouble(JsonNode n) =>
        n.GetValueKind() == JsonValueKind.String ? double.Parse((string)n!, System.Globalization.CultureInfo.InvariantCulture) : (double)n;

    // Attributes keep their type through the round trip: {"t": type, "v": value}.
    private static JsonNode AttributeToJson(object v) => v switch
    {
        string s => new JsonObject { ["t"] = "str", ["v"] = s },
        bool b => new JsonObject { ["t"] = "bool", ["v"] = b },
        int i => new JsonObject { ["t"] = "i8", ["v"] = i },
        long l => new JsonObject { ["t"] = "i8", ["v"] = l },
        float f => new JsonObject { ["t"] = "f8", ["v"] = DoubleNode(f) },
        double d => new JsonObject { ["t"] = "f8", ["v"] = DoubleNode(d) },
        string[] ss => new JsonObject { ["t"] = "str[]", ["v"] = new JsonArray(ss.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) },
        bool[] bs => new JsonObject { ["t"] = "bool[]", ["v"] = new JsonArray(bs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) },
        int[] ii => new JsonObject { ["t"] = "i8[]", ["v"] = new JsonArray(ii.Select(x => (JsonNode?)JsonValue.Create((long)x)).ToArray()) },
        long[] ll => new JsonObject { ["t"] = "i8[]", ["v"] = new JsonArray(ll.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) },
        double[] dd => new JsonObject { ["t"] = "f8[]", ["v"] = new JsonArray(dd.Select(DoubleNode).ToArray()) },
        _ => new JsonObject { ["t"] = "str", ["v"] = Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static JsonNode? DoubleNode(double d) =>
        double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    private static object AttributeFromJson(JsonNode n)
    {
        if (n is not JsonObject o || o["t"] is null) return n.ToJsonString();
        var v = o["v"]!;
        return (string)o["t"]! switch
        {
            "str" => (string)v!,
            "bool" => (bool)v,
            "i8" => (long)v,
            "f8" => ReadDouble(v),
            "str[]" => v.AsArray().Select(x => (string)x!).ToArray(),
            "bool[]" => v.AsArray().Select(x => (bool)x!).ToArray(),
            "i8[]" => v.AsArray().Select(x => (long)x!).ToArray(),
            "f8[]" => v.AsArray().Select(x => ReadDouble(x!)).ToArray(),
            _ => v.ToJsonString(),
        };
    }
}
