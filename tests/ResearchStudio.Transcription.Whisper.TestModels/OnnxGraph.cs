using Google.Protobuf;
using Onnx;

namespace ResearchStudio.Transcription.Whisper.TestModels;

/// <summary>A small helper to write ONNX graphs node by node.</summary>
internal sealed class OnnxGraph(string name, Random random)
{
    private int _counter;

    public GraphProto Proto { get; } = new() { Name = name };
    public Random Random { get; } = random;

    public string Fresh(string hint) => $"{Proto.Name}_{hint}_{_counter++}";

    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) => Proto.Input.Add(ValueInfo(name, type, dims));

    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) => Proto.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Declares an output by type only (If branches need no shape).</summary>
    public void OutputTypeOnly(string name, TensorProto.Types.DataType type) =>
        Proto.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } });

    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    public string Floats(string hint, float[] data, params long[] dims)
    {
        var t = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        t.RawData = ByteString.CopyFrom(bytes);
        Proto.Initializer.Add(t);
        return t.Name;
    }

    public string Longs(string hint, long[] data, params long[] dims)
    {
        var t = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(data);
        Proto.Initializer.Add(t);
        return t.Name;
    }

    public string Scalar(string hint, float value) => Floats(hint, [value]);

    public string ScalarLong(string hint, long value) => Longs(hint, [value]);

    /// <summary>Random weights, uniform in ±scale.</summary>
    public string RandomWeights(string hint, float scale, params long[] dims)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        for (var i = 0; i < count; i++) data[i] = (Random.NextSingle() * 2 - 1) * scale;
        return Floats(hint, data, dims);
    }

    public string Constant(string hint, float value, params long[] dims)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        return Floats(hint, Enumerable.Repeat(value, (int)count).ToArray(), dims);
    }

    public string Node(string op, string[] inputs, string? output = null, params (string Name, object Value)[] attributes) =>
        NodeMulti(op, inputs, [output ?? Fresh(op.ToLowerInvariant())], attributes)[0];

    public string[] NodeMulti(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh("n_" + op) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (attrName, value) in attributes)
        {
            var a = new AttributeProto { Name = attrName };
            switch (value)
            {
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
                case GraphProto g: a.Type = AttributeProto.Types.AttributeType.Graph; a.G = g; break;
                default: throw new ArgumentException($"Unsupported attribute {attrName}.");
            }
            node.Attribute.Add(a);
        }
        Proto.Node.Add(node);
        return outputs;
    }

    public static byte[] ToModelBytes(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 10, ProducerName = "ResearchStudio.TestModels", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 20 });
        return model.ToByteArray();
    }
}
