using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Membership;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>A membership the test sets by hand, starting with this frontend alone.</summary>
internal sealed class TestMembership : IFrontendMembership
{
    public TestMembership(string selfId) => Current = Of(new FrontendAddress(selfId, "127.0.0.1", 7000));

    public event Action<MembershipSnapshot>? Changed;

    public MembershipSnapshot Current { get; private set; }

    public static MembershipSnapshot Of(params FrontendAddress[] frontends) => new(new MembershipMessage(0, frontends));

    public void Set(MembershipSnapshot snapshot)
    {
        Current = snapshot;
        Changed?.Invoke(snapshot);
    }
}
