namespace Clipper.Configuration;

/// <summary>How an application with several served models answers a query (an extension: Clipper links one model).</summary>
public enum SelectionPolicy
{
    /// <summary>One model per query, chosen by the links' weights; sticky per routing key when the request has one. The default.</summary>
    Split = 0,

    /// <summary>Every served model answers; answers are combined (mean of numbers, else a vote) with equal weights.</summary>
    Ensemble = 1,

    /// <summary>One model per query, chosen by the Exp3 bandit and learned from feedback.</summary>
    Exp3 = 2,

    /// <summary>Every served model answers; answers are combined with weights learned from feedback (Exp4).</summary>
    Exp4 = 3,
}
