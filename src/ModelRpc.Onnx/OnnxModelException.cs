namespace Clipper.ModelRpc.Onnx;

/// <summary>An ONNX model could not be loaded or cannot be served; the message says why, with ONNX Runtime's words and the signature found.</summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxModelException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong and what was expected.</param>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong and what was expected.</param>
    /// <param name="innerException">ONNX Runtime's exception.</param>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
