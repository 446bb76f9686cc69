using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Python;

/// <summary>
/// The scikit-learn model of the Python tests (the folder <c>Python/SklearnModel</c>): trained by its own train.py,
/// which also writes what scikit-learn predicts in process for a set of inputs; and the comparison of answers with that.
/// </summary>
internal static class SklearnCases
{
    /// <summary>Copies the test's scikit-learn folder and runs its train.py there: model.pkl and expected.json.</summary>
    internal static async Task<string> TrainAsync(string root)
    {
        var folder = Path.Combine(root, "iris-model");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(ModelBuildTests.RepositoryRoot(), "tests", "Clipper.Integration.Tests", "Python", "SklearnModel")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        // Unique content, so no two tests' images share build-cache layers: the Docker and Kubernetes tests run in
        // parallel, and one removing its image must not pull a cached layer from under the other's build.
        await File.WriteAllTextAsync(Path.Combine(folder, "build-id.txt"), Guid.NewGuid().ToString("N"));

        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(folder, "train.py"));
        info.ArgumentList.Add(folder);
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"train.py exited with {process.ExitCode}: {await output}{await errors}");
        return folder;
    }

    internal static bool SameOutput(JsonElement output, JsonElement want) =>
        output.GetProperty("label").GetInt32() == want.GetProperty("label").GetInt32()
        && output.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).SequenceEqual(want.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()));

    /// <summary>Waits until the app answers the case's input with exactly the output scikit-learn gave in process.</summary>
    internal static async Task AnswersAsync(Uri query, string app, JsonElement case_)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var want = case_.GetProperty("output");
        var last = "";
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await http.PostAsync(new Uri(query, app + "/predict"), new StringContent("{\"input\": " + case_.GetProperty("input").GetRawText() + "}", Encoding.UTF8, "application/json"));
                    last = await response.Content.ReadAsStringAsync();
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                    return false;
                }

                // Until the replica has connected, the frontend may answer with an error body instead of a prediction.
                using var answer = JsonDocument.Parse(last);
                if (!answer.RootElement.TryGetProperty("default", out var isDefault) || isDefault.GetBoolean())
                {
                    return false;
                }

                return SameOutput(answer.RootElement.GetProperty("output"), want);
            },
            TimeSpan.FromSeconds(90),
            () => $"last answer: {last}; expected {want}");
    }
}
