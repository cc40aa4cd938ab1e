using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using WxContracts.MockServer.Pipeline;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// Template messages: each accepted send answers a new msgid. Sends count toward the path's daily quota like every
/// call (<see cref="WxMockOptions.DailyQuotaByPath"/>, e.g. <c>["/cgi-bin/message/template/send"] = 100000</c>), so
/// the call after the limit answers 45009. Served once a template/send spec exists: it is not specced yet, because
/// its <c>data</c> field is a map keyed by the template's keywords, which the spec format cannot express so far.
/// </summary>
internal static class TemplateSendBehaviour
{
    public const string Path = "/cgi-bin/message/template/send";

    public static IEnumerable<IMockBehaviour> Create()
    {
        long next = 3_000_000_000;
        yield return new DelegateBehaviour(Path, _ => BehaviourKit.Ok(new JsonObject { ["msgid"] = Interlocked.Increment(ref next) }, envelope: true));
    }
}
