using Clipper.LoadGenerator.Cli;

// Run socket completions on the epoll thread instead of posting each one to the thread pool: the
// lane work after a response is tiny, and skipping the hop roughly halves the client's CPU per request
// on Linux, leaving more of a small machine to the server under test. The runtime reads this once,
// when the first socket is created, so it must be set before anything touches the network.
// An explicit setting in the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await LoadCommand.RunAsync(args).ConfigureAwait(false);
