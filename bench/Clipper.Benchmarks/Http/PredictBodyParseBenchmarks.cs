using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Clipper.Benchmarks.Payloads;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.Benchmarks.Http;

/// <summary>
/// <c>POST /{app}/predict</c> bodies parsed by <see cref="PredictRequestParser"/> into a reused
/// <see cref="ParsedInputs"/>, against a <see cref="Utf8JsonReader"/> that only walks the same
/// bytes: every token read, every number converted to a double.
/// </summary>
/// <remarks>
/// One input is posted as <c>{"input": X}</c>, more as <c>{"input_batch": [X, ...]}</c>. Bodies are
/// split into 4 KiB segments, as Kestrel's request pipe hands a large body over. The parser should
/// allocate nothing: its output buffer is pooled and kept across requests.
/// </remarks>
public class PredictBodyParseBenchmarks
{
    private const int KestrelBlockBytes = 4096;

    private readonly ParsedInputs _parsed = new();
    private ReadOnlySequence<byte> _body;
    private InputType _inputType;
    private int _expectedValues;
    private int _expectedWireBytes;

    /// <summary>Inputs in the request.</summary>
    [Params(1, 16, 256)]
    public int Inputs { get; set; }

    /// <summary>What each input is.</summary>
    [ParamsAllValues]
    public Payload Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inputType = PayloadData.InputType(Payload);
        var json = new StringBuilder();
        _expectedWireBytes = 0;
        if (Inputs == 1)
        {
            json.Append("{\"input\": ").Append(PayloadData.Json(Payload, seed: 0)).Append('}');
            _expectedWireBytes = PayloadData.Wire(Payload, seed: 0).Length;
        }
        else
        {
            json.Append("{\"input_batch\": [");
            for (int i = 0; i < Inputs; i++)
            {
                json.Append(i == 0 ? "" : ", ").Append(PayloadData.Json(Payload, seed: i));
                _expectedWireBytes += PayloadData.Wire(Payload, seed: i).Length;
            }

            json.Append("]}");
        }

        _body = Sequences.Blocks(Encoding.UTF8.GetBytes(json.ToString()), KestrelBlockBytes);
        _expectedValues = _inputType is InputType.Doubles or InputType.Floats ? Inputs * PayloadData.NumberCount(Payload) : Inputs;
    }

    [GlobalCleanup]
    public void Cleanup() => _parsed.Dispose();

    [Benchmark(Baseline = true)]
    public int Utf8JsonReaderWalk()
    {
        var reader = new Utf8JsonReader(_body);
        int values = 0;
        double sum = 0;
        long textBytes = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    sum += reader.GetDouble();
                    values++;
                    break;
                case JsonTokenType.String:
                    textBytes += reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    values++;
                    break;
            }
        }

        // The sum and the text length are only there so the reads cannot be optimized away.
        if (values != _expectedValues || double.IsNaN(sum) || textBytes < 0)
        {
            throw new InvalidOperationException($"Walked {values} values; expected {_expectedValues}.");
        }

        return values;
    }

    [Benchmark]
    public int Parse()
    {
        if (!PredictRequestParser.TryParse(_body, _inputType, PredictRequestParser.DefaultMaxInputs, _parsed, out RequestError error))
        {
            throw new InvalidOperationException($"The body was rejected: {error.Error}: {error.Cause}");
        }

        if (_parsed.Count != Inputs || _parsed.TotalBytes != _expectedWireBytes || _parsed.IsBatch != (Inputs > 1))
        {
            throw new InvalidOperationException($"Parsed {_parsed.Count} inputs of {_parsed.TotalBytes} bytes; expected {Inputs} of {_expectedWireBytes}.");
        }

        return _parsed.Count;
    }
}
