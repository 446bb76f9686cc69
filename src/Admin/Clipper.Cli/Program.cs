using Clipper.Cli.Commands;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
