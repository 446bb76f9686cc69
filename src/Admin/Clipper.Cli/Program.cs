return await Clipper.Cli.CliApplication.RunAsync(args).ConfigureAwait(false);
