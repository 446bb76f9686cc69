using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.Configuration.Keys;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper predict APP JSON_INPUT</c>: one prediction through the query frontend.</summary>
internal static class PredictCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var input = new Argument<string>("JSON_INPUT") { Description = "The input as JSON, e.g. [1.0, 2.0] or \"text\"; sent as {\"input\": JSON_INPUT}." };
        var apiKey = new Option<string?>("--api-key") { Description = $"The application's API key, sent as 'Authorization: Bearer KEY' (default ${ApiKeyVariable}, which keeps it out of the process list)." };
        var command = cluster.AddTo(new Command("predict", "Send one prediction and print the answer.") { app, input, apiKey });
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

            var key = ReadApiKey(result.GetValue(apiKey));
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            using var http = connection.CreateHttpClient(Timeout);
            int status;
            string body;
            try
            {
                (status, body) = await SendAsync(http, connection.GetQueryAddress(), result.GetValue(app)!, json, key, cancellation).ConfigureAwait(false);
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

    /// <summary>The variable <c>predict</c> reads the API key from when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "CLIPPER_API_KEY";

    /// <summary>The key of <c>--api-key</c>, else of <see cref="ApiKeyVariable"/>, else none; checked here so that a mistake is named before anything is sent.</summary>
    private static string? ReadApiKey(string? option)
    {
        var (key, source) = option is not null
            ? (option, "--api-key")
            : (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } variable ? variable : null, ApiKeyVariable);
        if (key is null)
        {
            return null;
        }

        key = key.Trim();
        Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];
        if (!ApiKeyFormat.TryHash(key, out _, hash))
        {
            // The value is not repeated: it may be a real key with a typo.
            throw new ArgumentException(
                $"{source} is not an API key: expected '{ApiKeyFormat.Prefix}', {ApiKeyFormat.KeyIdLength} lower-case hexadecimal characters, '_' and {ApiKeyFormat.SecretLength} base64url characters ({ApiKeyFormat.KeyLength} in all), got {key.Length} characters.");
        }

        return key;
    }

    /// <summary>The limit of one prediction request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>POSTs <c>{"input": json}</c> to <c>/app/predict</c>, with the API key when one is given; returns the status and body.</summary>
    public static async Task<(int Status, string Body)> SendAsync(HttpClient http, Uri query, string app, string json, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(query, Uri.EscapeDataString(app) + "/predict"))
        {
            Content = new StringContent("{\"input\": " + json + "}", Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim());
    }
}
