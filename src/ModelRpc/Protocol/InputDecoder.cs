using System.Globalization;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Creates the <see cref="InputDecoder{TInput}"/> for an input type.</summary>
public static class InputDecoder
{
    /// <summary>
    /// The .NET type each input type is delivered as: <c>int[]</c> for integers, <c>float[]</c>
    /// for floats, <c>double[]</c> for doubles, <c>byte[]</c> for bytes and <c>string</c> for strings.
    /// </summary>
    /// <param name="inputType">The input type.</param>
    /// <returns>The delivered type.</returns>
    public static Type GetInputClrType(InputType inputType) => inputType switch
    {
        InputType.Integers => typeof(int[]),
        InputType.Floats => typeof(float[]),
        InputType.Doubles => typeof(double[]),
        InputType.Bytes => typeof(byte[]),
        InputType.Strings => typeof(string),
        _ => throw new ArgumentOutOfRangeException(nameof(inputType), inputType, "Expected one of: " + InputTypes.AcceptedNames),
    };

    /// <summary>Creates the decoder for <paramref name="inputType"/>, checking that it delivers <typeparamref name="TInput"/>.</summary>
    /// <typeparam name="TInput">The predict function's input type.</typeparam>
    /// <param name="inputType">The model's input type.</param>
    /// <returns>The decoder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TInput"/> is not the type <paramref name="inputType"/> delivers.</exception>
    public static InputDecoder<TInput> Create<TInput>(InputType inputType)
    {
        object decoder = inputType switch
        {
            InputType.Integers => new NumericArrayDecoder<int>(InputType.Integers, "int32"),
            InputType.Floats => new NumericArrayDecoder<float>(InputType.Floats, "float32"),
            InputType.Doubles => new NumericArrayDecoder<double>(InputType.Doubles, "float64"),
            InputType.Bytes => new BytesInputDecoder(),
            InputType.Strings => new StringInputDecoder(),
            _ => throw new ArgumentOutOfRangeException(nameof(inputType), inputType, "Expected one of: " + InputTypes.AcceptedNames),
        };

        return decoder as InputDecoder<TInput> ?? throw new ArgumentException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Input type '{inputType.ToName()}' delivers {GetInputClrType(inputType).Name} inputs, but the predict function takes {typeof(TInput).Name}; use {GetInputClrType(inputType).Name} as the input type or change InputType."),
            nameof(inputType));
    }
}
