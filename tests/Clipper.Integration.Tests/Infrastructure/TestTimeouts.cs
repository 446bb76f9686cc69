namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>Upper bounds for awaited test operations: generous, so slow machines do not fail, but never infinite.</summary>
public static class TestTimeouts
{
    /// <summary>The bound for one awaited operation.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Awaits a task for at most <see cref="Default"/>.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The task, bounded.</returns>
    public static Task WithTimeout(this Task task) => task.WaitAsync(Default);

    /// <summary>Awaits a task for at most <see cref="Default"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The task, bounded.</returns>
    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Default);
}
