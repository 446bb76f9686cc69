using System.Collections.Concurrent;

namespace Clipper.QueryFrontend.Selection;

/// <summary>Every application's <see cref="AppPolicyState"/> on this frontend; they outlive routing snapshots, which point at them.</summary>
internal sealed class PolicyStates
{
    private readonly ConcurrentDictionary<string, AppPolicyState> _states = new(StringComparer.Ordinal);

    public AppPolicyState GetOrAdd(string app) => _states.TryGetValue(app, out var state) ? state : _states.GetOrAdd(app, static a => new AppPolicyState(a));

    /// <summary>Forgets the applications not in <paramref name="keep"/> (deleted, or no longer learning).</summary>
    public void RemoveExcept(IReadOnlySet<string> keep)
    {
        foreach (var app in _states.Keys)
        {
            if (!keep.Contains(app))
            {
                _states.TryRemove(app, out _);
            }
        }
    }

    /// <summary>A moment's view of every state, for the follower that reads the store (not the request path).</summary>
    public ICollection<AppPolicyState> All => _states.Values;
}
