namespace Clipper.QueryFrontend.Http;

/// <summary>The bounds a prediction request body is parsed within; each excess is refused with a 400 that names the option.</summary>
/// <param name="MaxInputs">The most inputs one <c>input_batch</c> may hold (option <c>MaxInputsPerRequest</c>).</param>
/// <param name="MaxInputBytes">The largest one input may be in wire form, in bytes (option <c>MaxInputBytes</c>).</param>
/// <param name="MaxDepth">The deepest the body's JSON may nest (option <c>MaxJsonDepth</c>); a valid body needs 3.</param>
internal readonly record struct ParseLimits(int MaxInputs, int MaxInputBytes, int MaxDepth)
{
    /// <summary>The least depth a valid body needs: the object, <c>input_batch</c>'s array and an input's array.</summary>
    public const int RequiredDepth = 3;

    /// <summary>The limits of a frontend with default options, with <paramref name="maxInputs"/> inputs per batch.</summary>
    /// <param name="maxInputs">The most inputs one <c>input_batch</c> may hold.</param>
    /// <returns>The limits.</returns>
    public static ParseLimits WithMaxInputs(int maxInputs) =>
        new(maxInputs, QueryFrontendOptions.DefaultMaxInputBytes, QueryFrontendOptions.DefaultMaxJsonDepth);
}
