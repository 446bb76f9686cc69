using System.Collections.Concurrent;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Models;

/// <summary>
/// Every model version this frontend knows: registered ones, and unregistered ones whose containers
/// connected early and are held until the version is registered.
/// </summary>
internal sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<ModelVersionId, ModelVersionRuntime> _runtimes = new();
    private readonly TimeProvider _timeProvider;
    private readonly BatchingOptions _batching;

    public ModelRegistry(TimeProvider timeProvider, BatchingOptions batching)
    {
        _timeProvider = timeProvider;
        _batching = batching;
    }

    /// <summary>Finds or creates the runtime of a version; the input type is used only when it is created.</summary>
    public ModelVersionRuntime GetOrAdd(ModelVersionId key, InputType inputType)
    {
        if (_runtimes.TryGetValue(key, out var runtime))
        {
            return runtime;
        }

        var created = new ModelVersionRuntime(key, inputType, _batching.QueueCapacity, _timeProvider, _batching);
        return _runtimes.GetOrAdd(key, created);
    }

    public bool TryGet(ModelVersionId key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelVersionRuntime? runtime) =>
        _runtimes.TryGetValue(key, out runtime);

    /// <summary>
    /// Removes a version's runtime and retires it (see <see cref="ModelVersionRuntime.Retire"/>); a
    /// container of that version that connects later gets a fresh runtime. Returns the number of
    /// queued queries answered, or -1 when the runtime was not the registered one.
    /// </summary>
    public int Retire(ModelVersionRuntime runtime)
    {
        if (!_runtimes.TryRemove(new KeyValuePair<ModelVersionId, ModelVersionRuntime>(runtime.Key, runtime)))
        {
            return -1;
        }

        return runtime.Retire();
    }

    /// <summary>A moment's view of every runtime, for configuration changes and shutdown (not the request path).</summary>
    public ICollection<ModelVersionRuntime> All => _runtimes.Values;
}
