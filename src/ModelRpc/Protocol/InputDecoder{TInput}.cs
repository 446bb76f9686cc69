using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Container side: turns one input of a BatchRequest into the value handed to the predict
/// function. Obtain one with <see cref="InputDecoder.Create{TInput}"/>, which checks at start-up
/// that <typeparamref name="TInput"/> matches the input type.
/// </summary>
/// <typeparam name="TInput">The predict function's input type.</typeparam>
public abstract class InputDecoder<TInput>
{
    // Only this assembly decodes inputs: the wire forms are fixed by the protocol.
    private protected InputDecoder(InputType inputType) => InputType = inputType;

    /// <summary>The input type this decoder reads.</summary>
    public InputType InputType { get; }

    /// <summary>Reads one input, copying it out of the receive buffer.</summary>
    internal abstract bool TryDecode(ref MessagePackReader reader, [MaybeNullWhen(false)] out TInput input, [NotNullWhen(false)] out string? error);
}
