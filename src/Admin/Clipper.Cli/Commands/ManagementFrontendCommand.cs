using System.CommandLine;
using Clipper.Admin.Management;
using Clipper.Cli.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Clipper.Cli.Commands;

/// <summary><c>clipper management-frontend</c>: Clipper's /admin API over the configuration in Redis.</summary>
internal static class ManagementFrontendCommand
{
    public static Command Create()
    {
        var redis = RedisFlags.ForFrontend();
        var port = new Option<int>("--port") { Description = "HTTP port of the /admin API.", DefaultValueFactory = _ => 1338 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var tokenFile = new Option<string?>("--admin-token-file")
        {
            Description = "A file (mode 600) holding the cluster's admin token: requests from other addresses than loopback must send it as 'Authorization: Bearer TOKEN'. Default: the variable CLIPPER_ADMIN_TOKEN; with neither, only loopback is served.",
        };
        var insecure = new Option<bool>("--insecure-admin") { Description = "Serve admin requests from any address without a token, as Clipper did. Only on a network you trust." };
        var limits = HttpLimitFlags.ForManagementFrontend();
        var logFormat = new LogFormatFlag();
        var tls = new TlsFlags("the /admin API over HTTPS only (the admin token rules are unchanged)");
        var command = new Command("management-frontend", "Run the management frontend: Clipper's /admin/* endpoints, storing applications, models and links in Redis.")
        {
            port, bind, tokenFile, insecure,
        };
        redis.AddTo(command);
        limits.AddTo(command);
        tls.AddTo(command);
        logFormat.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var format = logFormat.Resolve(result);
            var endpoint = redis.Resolve(result);
            var options = new ManagementFrontendOptions
            {
                RedisAddress = endpoint.Address,
                RedisUser = endpoint.User,
                RedisPassword = endpoint.Password,
                Port = result.GetValue(port),
                BindAddress = result.GetValue(bind)!,
                AdminToken = TokenSource.Read(result.GetValue(tokenFile)),
                InsecureAdmin = result.GetValue(insecure),
                TlsCertificatePath = tls.Certificate(result),
                TlsKeyPath = tls.Key(result),
            };
            limits.ApplyTo(result, options);
            HttpLimitFlags.Validate(options.Validate, TlsFlags.Names);
            using var tracing = OtelTracing.Start("clipper-management-frontend", aspNetCore: true);
            await using var app = ManagementFrontend.Build(options, LogFormatFlag.ReplacingText(format));
            await app.StartAsync(cancellation).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
