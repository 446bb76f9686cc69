using System.Globalization;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Every exception and error message of the container library, built in one place so they all
/// say what was wrong, the value received and what was expected.
/// </summary>
internal static class ServingErrors
{
    public static InvalidOperationException InvalidOption(string name, string received, string expected) =>
        new($"ModelContainerOptions.{name} is {received}; expected {expected}.");

    public static InvalidOperationException MissingVariable(string name, string expected) =>
        new($"Environment variable {name} is not set; expected {expected}.");

    public static InvalidOperationException InvalidVariable(string name, string? received, string expected) =>
        new($"Environment variable {name} is \"{received}\"; expected {expected}.");

    public static InvalidOperationException AlreadyStarted() =>
        new("ModelContainer.RunAsync was already called; a container runs once. Create a new container to run again.");

    public static string PredictThrew(Exception exception) =>
        $"predict function threw {exception.GetType().Name}: {exception.Message}";

    public static string NullOutputs(int inputs) => string.Create(
        CultureInfo.InvariantCulture,
        $"predict function returned null instead of {inputs} outputs");

    public static string WrongOutputCount(int outputs, int inputs) => string.Create(
        CultureInfo.InvariantCulture,
        $"predict function returned {outputs} outputs for {inputs} inputs");

    public static string NullOutput(int index, int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"predict function returned a null output at index {index} of {count}; expected a string");

    public static string NullResults(int inputs) => string.Create(
        CultureInfo.InvariantCulture,
        $"predictor returned null instead of {inputs} results");

    public static string WrongResultCount(int results, int inputs) => string.Create(
        CultureInfo.InvariantCulture,
        $"predictor returned {results} results for {inputs} inputs");

    public static string NullResult(int index, int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"predictor returned a result with a null text at index {index} of {count}; expected an output or an error message");

    public static string ResponseTooLarge(long frameBytes, int maxFrameBytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"the outputs make a response of {frameBytes} bytes; expected at most {maxFrameBytes} bytes (MaxFrameBytes)");

    public static string OutsideShare(int cap) => string.Create(
        CultureInfo.InvariantCulture,
        $"this container serves {cap} frontends (the frontends' max_frontends_per_replica) and this one is outside its share");

    public static string AlreadyConnected(string frontendId) =>
        $"this container is already connected to frontend {frontendId}";
}
