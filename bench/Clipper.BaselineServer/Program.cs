using Clipper.BaselineServer;

return await BaselineServerHost.RunAsync(args).ConfigureAwait(false);
