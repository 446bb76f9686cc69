using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// One fault: what it needs of the cluster, how it is injected and healed under load, and what it makes
/// unavoidable (the errors it may cause, whether configuration may be lost). Everything else (a hung query, a crash,
/// a default without an explanation, an error of another kind) is a missed goal.
/// </summary>
internal abstract class Fault
{
    /// <summary>The name on the fault's line (<c>replica-kill</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>The cluster this fault needs, from the common one.</summary>
    public virtual ClusterSpec Prepare(ClusterSpec spec) => spec;

    /// <summary>The load's rate before and after the fault; by default the timing's.</summary>
    public virtual double BaseRate(ClusterSpec spec, FaultTiming timing) => timing.Rate;

    /// <summary>Whether the fault loses configuration by its nature (Redis restarted without persistence).</summary>
    public virtual bool LosesConfiguration => false;

    /// <summary>Injects the fault, holds it, heals it; returns when the cluster has been given back its parts.</summary>
    public abstract Task InjectAsync(FaultContext context);

    /// <summary>Whether an error of <paramref name="kind"/> is one this fault makes unavoidable.</summary>
    public virtual bool Allows(string kind) => false;

    /// <summary>The fault's own checks, run once the load has ended (the records are complete).</summary>
    public virtual void Judge(FaultContext context)
    {
    }
}
