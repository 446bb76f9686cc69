namespace Clipper.Benchmarks.Payloads;

/// <summary>The input of one query, in the sizes the benchmarks are run with.</summary>
public enum Payload
{
    /// <summary>4 doubles: 32 bytes in wire form.</summary>
    Doubles4,

    /// <summary>1,024 doubles: 8 KiB in wire form.</summary>
    Doubles1024,

    /// <summary>784 floats with six decimals (an MNIST-sized image, as the ONNX benchmark posts it): 3 KiB in wire form.</summary>
    Floats784,

    /// <summary>A short string of 43 bytes.</summary>
    ShortString,

    /// <summary>A string of 4,096 ASCII bytes.</summary>
    String4K,
}
