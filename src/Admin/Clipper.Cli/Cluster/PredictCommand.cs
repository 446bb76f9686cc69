using System.CommandLine;
using System.Text;
using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper predict APP JSON_INPUT</c>: one prediction through the query frontend.</summary>
internal static class PredictCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var input = new Argument<string>("JSON_INPUT") { Description = "The input as JSON, e.g. [1.0, 2.0] or \"text\"; sent as {\"input\": JSON_INPUT}." };
        var command = cluster.AddTo(new Command("predict", "Send one prediction and print the answer.") { app, input });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var json = result.GetValue(input)!;
            try
            {
                using var _ = JsonDocument.Parse(json);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"JSON_INPUT is not valid JSON ({ex.Message}); expected e.g. [1.0, 2.0] or '\"text\"'.", ex);
            }

            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            using var http = connection.CreateHttpClient(Timeout);
            int status;
            string body;
            try
            {
                (status, body) = await SendAsync(http, connection.GetQueryAddress(), result.GetValue(app)!, json, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (connection.DescribeTlsFailure(ex, connection.GetQueryAddress()) is { } refusal)
            {
                throw new ClipperException(refusal, ex);
            }

            Console.Out.WriteLine(body);
            if (status is < 200 or > 299)
            {
                Console.Error.WriteLine($"clipper: the query frontend answered {status}");
                return 1;
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The limit of one prediction request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>POSTs <c>{"input": json}</c> to <c>/app/predict</c>; returns the status and body.</summary>
    public static async Task<(int Status, string Body)> SendAsync(HttpClient http, Uri query, string app, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent("{\"input\": " + json + "}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(query, Uri.EscapeDataString(app) + "/predict"), content, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim());
    }
}
