using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.Http;

/// <summary>Pools request input buffers; a returned one is reset so it holds nothing of the last request.</summary>
internal sealed class ParsedInputsPolicy : PooledObjectPolicy<ParsedInputs>
{
    public override ParsedInputs Create() => new();

    public override bool Return(ParsedInputs obj)
    {
        obj.Reset();
        return true;
    }
}
