using Clipper.ReplicaSwarm.Cli;

return await SwarmCommand.RunAsync(args).ConfigureAwait(false);
