using System.Globalization;
using Clipper.ModelRpc.Serving;

// A model is a program: it reads where its query frontend is from the CLIPPER_* variables that the
// container manager sets, connects, and answers batches until it is stopped (SIGTERM drains it).
var options = ModelContainerOptions.FromEnvironment();
await ModelContainer.RunAsync<double[]>(options, (inputs, cancellationToken) =>
{
    var outputs = new string[inputs.Count];
    for (var i = 0; i < inputs.Count; i++)
    {
        var sum = 0.0;
        foreach (var value in inputs[i])
        {
            sum += value;
        }

        outputs[i] = sum.ToString("R", CultureInfo.InvariantCulture);
    }

    return ValueTask.FromResult<IReadOnlyList<string>>(outputs);
});
