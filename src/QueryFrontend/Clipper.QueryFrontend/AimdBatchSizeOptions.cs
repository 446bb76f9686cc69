namespace Clipper.QueryFrontend;

/// <summary>Options of the adaptive (AIMD) batch size policy, validated when the policy is created.</summary>
internal sealed class AimdBatchSizeOptions
{
    /// <summary>The batch size to start from. Default 1.</summary>
    public int InitialSize { get; set; } = 1;

    /// <summary>How much a batch that fits the objective at the current size adds to it. Default 1.</summary>
    public int IncreaseStep { get; set; } = 1;

    /// <summary>
    /// What the size is multiplied by (then rounded down) when a batch exceeds the objective.
    /// Default 0.9: back off by 10%, as in the Clipper paper.
    /// </summary>
    public double DecreaseFactor { get; set; } = 0.9;

    /// <summary>The smallest batch size. Default 1.</summary>
    public int MinSize { get; set; } = 1;

    /// <summary>The largest batch size. Default 1024.</summary>
    public int MaxSize { get; set; } = 1024;

    /// <summary>Throws when an option is out of range, naming the option, its value and the expected range.</summary>
    public void Validate()
    {
        if (MinSize < 1)
        {
            throw OptionErrors.OutOfRange(nameof(MinSize), MinSize, "at least 1");
        }

        if (MaxSize < MinSize)
        {
            throw OptionErrors.OutOfRange(nameof(MaxSize), MaxSize, $"at least {nameof(MinSize)} ({MinSize})");
        }

        if (InitialSize < MinSize || InitialSize > MaxSize)
        {
            throw OptionErrors.OutOfRange(nameof(InitialSize), InitialSize, $"between {nameof(MinSize)} ({MinSize}) and {nameof(MaxSize)} ({MaxSize})");
        }

        if (IncreaseStep < 1)
        {
            throw OptionErrors.OutOfRange(nameof(IncreaseStep), IncreaseStep, "at least 1");
        }

        // Written so that NaN fails too.
        if (!(DecreaseFactor > 0 && DecreaseFactor < 1))
        {
            throw OptionErrors.OutOfRange(nameof(DecreaseFactor), DecreaseFactor, "greater than 0 and less than 1");
        }
    }
}
