using System.IO.Hashing;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Which frontends a container connects to: all of them, or past the cap the ones that score
/// highest for this container under rendezvous (highest-random-weight) hashing. Every container
/// ranks the frontends independently and the scores are uniform, so each frontend gets an equal
/// share of the containers in expectation, and a frontend joining or leaving moves only the
/// containers that rank it within their cap.
/// </summary>
internal static class FrontendChoice
{
    public static IReadOnlyList<FrontendAddress> Choose(string containerId, MembershipMessage membership)
    {
        var frontends = membership.Frontends;
        int cap = membership.MaxFrontendsPerReplica;
        if (cap <= 0 || frontends.Count <= cap)
        {
            return frontends;
        }

        var scored = new (ulong Score, FrontendAddress Frontend)[frontends.Count];
        for (int i = 0; i < frontends.Count; i++)
        {
            scored[i] = (Score(containerId, frontends[i].Id), frontends[i]);
        }

        // Highest score first; ids break the (astronomically unlikely) ties so every container agrees.
        Array.Sort(scored, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Frontend.Id, b.Frontend.Id));
        var chosen = new FrontendAddress[cap];
        for (int i = 0; i < cap; i++)
        {
            chosen[i] = scored[i].Frontend;
        }

        return chosen;
    }

    /// <summary>A stable 64-bit score of a (container, frontend) pair, the same in every process and version.</summary>
    public static ulong Score(string containerId, string frontendId) =>
        XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(containerId + "\n" + frontendId));
}
