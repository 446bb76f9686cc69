using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Clipper.Admin.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>The management frontend running in-process on 127.0.0.1 and a free port, with an HTTP client for it.</summary>
public sealed class ManagementFrontendHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManagementFrontendHost(WebApplication app, Uri baseAddress, string keyPrefix)
    {
        _app = app;
        BaseAddress = baseAddress;
        KeyPrefix = keyPrefix;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TestTimeouts.Default };
    }

    /// <summary>The frontend's address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The Redis key prefix the frontend uses.</summary>
    public string KeyPrefix { get; }

    /// <summary>A client whose base address is the frontend.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a frontend over Redis at <paramref name="redisAddress"/> with its own key prefix.</summary>
    /// <param name="redisAddress">The Redis address, <c>host:port</c>.</param>
    /// <param name="keyPrefix">The key prefix; a new unique one when <see langword="null"/>.</param>
    /// <param name="configure">Adjusts the options before the frontend is built.</param>
    /// <returns>The running frontend.</returns>
    /// <param name="logs">Receives the frontend's logs; none are kept when <see langword="null"/>.</param>
    public static async Task<ManagementFrontendHost> StartAsync(string redisAddress, string? keyPrefix = null, Action<ManagementFrontendOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var options = new ManagementFrontendOptions
        {
            RedisAddress = redisAddress,
            RedisKeyPrefix = keyPrefix ?? TestKeys.NewPrefix(),
            BindAddress = "127.0.0.1",
            Port = 0,
        };
        configure?.Invoke(options);
        var app = ManagementFrontend.Build(options, logging =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
            }
        });
        await app.StartAsync().WithTimeout();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        // A frontend bound to every interface is called on loopback unless a test asks for another address.
        return new ManagementFrontendHost(app, new Uri($"http://127.0.0.1:{address.Port}/"), options.RedisKeyPrefix);
    }

    /// <summary>POSTs a JSON body (sent as is, so it may be malformed) to an <c>/admin</c> operation.</summary>
    /// <param name="operation">The operation, for example <c>add_app</c>.</param>
    /// <param name="json">The body.</param>
    /// <returns>The status and body.</returns>
    public async Task<AdminResponse> PostAsync(string operation, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync("admin/" + operation, content).WithTimeout();
        return new AdminResponse(response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>POSTs raw bytes as a JSON body (they need not be UTF-8) to an <c>/admin</c> operation.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="body">The body's bytes.</param>
    /// <returns>The status and body.</returns>
    public async Task<AdminResponse> PostBytesAsync(string operation, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync("admin/" + operation, content).WithTimeout();
        return new AdminResponse(response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>POSTs an object serialized as JSON.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="body">The body, serialized with System.Text.Json.</param>
    /// <returns>The status and body.</returns>
    public Task<AdminResponse> PostAsync(string operation, object body) => PostAsync(operation, JsonSerializer.Serialize(body));

    /// <summary>Registers an application and asserts success.</summary>
    public async Task AddAppAsync(string name, string inputType = "doubles", long sloMicros = 100000, string defaultOutput = "-1") =>
        (await PostAsync("add_app", new { name, input_type = inputType, default_output = defaultOutput, latency_slo_micros = sloMicros })).AssertOk();

    /// <summary>Registers a model version and asserts success.</summary>
    public async Task AddModelAsync(string name, string version, string inputType = "doubles", int batchSize = -1) =>
        (await PostAsync("add_model", ModelBody(name, version, inputType, batchSize))).AssertOk();

    /// <summary>Links a model to an application and asserts success.</summary>
    public async Task LinkAsync(string app, string model) =>
        (await PostAsync("add_model_links", new { app_name = app, model_names = new[] { model } })).AssertOk();

    /// <summary>The body of an add_model request.</summary>
    public static object ModelBody(string name, string version, string inputType = "doubles", int batchSize = -1, string[]? labels = null) => new
    {
        model_name = name,
        model_version = version,
        labels = labels ?? ["a", "b"],
        input_type = inputType,
        container_name = "clipper/noop-container:latest",
        model_data_path = "/tmp/model",
        batch_size = batchSize,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync().AsTask().WithTimeout();
    }
}

/// <summary>A management API response.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text.</param>
/// <param name="MediaType">The content type, without parameters.</param>
public sealed record AdminResponse(HttpStatusCode Status, string Body, string? MediaType)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>Asserts a 200 answer.</summary>
    /// <returns>This response.</returns>
    public AdminResponse AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200 but got {(int)Status}: {Body}");
        return this;
    }

    /// <summary>Asserts a 400 answer whose body contains every fragment.</summary>
    /// <param name="fragments">Text the body must contain (for example the field name and the rule).</param>
    /// <returns>This response.</returns>
    public AdminResponse AssertBadRequest(params string[] fragments)
    {
        Assert.True(Status == HttpStatusCode.BadRequest, $"Expected 400 but got {(int)Status}: {Body}");
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, Body, StringComparison.Ordinal);
        }

        return this;
    }
}
