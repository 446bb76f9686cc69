namespace Clipper.QueryFrontend.Membership;

/// <summary>The live frontends as this frontend knows them, and their changes.</summary>
internal interface IFrontendMembership
{
    /// <summary>Raised after <see cref="Current"/> changed.</summary>
    event Action<MembershipSnapshot>? Changed;

    /// <summary>The live frontends (this one included once its ports are bound).</summary>
    MembershipSnapshot Current { get; }
}
