using System.Diagnostics.Metrics;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Metrics;

internal sealed partial class FrontendMetrics
{
    private readonly long[] _shadowCounts = new long[(int)ShadowResult.Missed + 1];
    private Counter<long> _shadowComparisons = null!;
    private Counter<long> _ensembleMissed = null!;
    private Counter<long> _feedback = null!;
    private Histogram<double> _feedbackLoss = null!;
    private long _ensembleMissedCount;
    private long _feedbackCount;

    /// <summary>Shadows compared since the frontend started, by result (the JSON <c>/metrics</c> counters).</summary>
    public long ShadowCount(ShadowResult result) => Volatile.Read(ref _shadowCounts[(int)result]);

    /// <summary>Ensemble answers made without a model's answer, counted per missing model.</summary>
    public long EnsembleMissedCount => Volatile.Read(ref _ensembleMissedCount);

    /// <summary>Feedback requests taken (<c>POST /{app}/update</c>).</summary>
    public long FeedbackCount => Volatile.Read(ref _feedbackCount);

    /// <summary>A shadow model's answer was compared with the answer returned (the shadow path only: tags are built per call).</summary>
    public void ShadowCompared(string app, string model, ShadowResult result)
    {
        Interlocked.Increment(ref _shadowCounts[(int)result]);
        if (_shadowComparisons.Enabled)
        {
            _shadowComparisons.Add(1, [new("app", app), new("model", model), new("result", ResultName(result))]);
        }
    }

    /// <summary>An ensemble answered without <paramref name="model"/>'s answer (it missed the deadline or failed).</summary>
    public void EnsembleMissed(string app, string model)
    {
        Interlocked.Increment(ref _ensembleMissedCount);
        if (_ensembleMissed.Enabled)
        {
            _ensembleMissed.Add(1, [new("app", app), new("model", model)]);
        }
    }

    /// <summary>Feedback on <paramref name="model"/>'s answer for <paramref name="app"/> had <paramref name="loss"/>.</summary>
    public void FeedbackTaken(string app, string model, double loss)
    {
        if (_feedback.Enabled)
        {
            _feedback.Add(1, [new("app", app), new("model", model)]);
        }

        if (_feedbackLoss.Enabled)
        {
            _feedbackLoss.Record(loss, [new("app", app), new("model", model)]);
        }
    }

    /// <summary>A feedback request was taken.</summary>
    public void FeedbackReceived() => Interlocked.Increment(ref _feedbackCount);

    private void CreateSelectionInstruments(Meter meter)
    {
        _shadowComparisons = meter.CreateCounter<long>("clipper.frontend.shadow.comparisons", "{query}",
            "Shadow answers compared with the answer returned, by application, shadow model and result (agreed, disagreed, missed).");
        _ensembleMissed = meter.CreateCounter<long>("clipper.frontend.ensemble.missed", "{answer}",
            "Ensemble answers made without a model's answer (it missed the deadline or failed), by application and model.");
        _feedback = meter.CreateCounter<long>("clipper.frontend.feedback", "{answer}",
            "Model answers judged by feedback (POST /{app}/update), by application and model.");
        _feedbackLoss = meter.CreateHistogram("clipper.frontend.feedback.loss", "1",
            "The loss (0 right, 1 wrong) of each model answer judged by feedback, by application and model.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] });
    }

    private static string ResultName(ShadowResult result) => result switch
    {
        ShadowResult.Agreed => "agreed",
        ShadowResult.Disagreed => "disagreed",
        _ => "missed",
    };
}
