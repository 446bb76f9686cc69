using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Membership;

/// <summary>
/// The frontends this frontend knows to be live (itself included), ordered by id, as the message
/// containers receive; one immutable value swapped whole when the set changes.
/// </summary>
/// <param name="Message">The membership as sent to containers.</param>
internal sealed record MembershipSnapshot(MembershipMessage Message)
{
    /// <summary>The frontends, ordered by id.</summary>
    public IReadOnlyList<FrontendAddress> Members => Message.Frontends;

    /// <summary>Whether both list the same frontends at the same addresses.</summary>
    public bool SameMembersAs(IReadOnlyList<FrontendAddress> other)
    {
        if (Members.Count != other.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Count; i++)
        {
            if (Members[i] != other[i])
            {
                return false;
            }
        }

        return true;
    }
}
