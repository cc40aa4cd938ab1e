using System;
using System.IO;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Benchmarks.Json;

/// <summary>The documented examples from the seed specs, as UTF-8 bytes: the same input for every serializer.</summary>
public static class Payloads
{
    private static readonly Lazy<byte[]> s_autoReplyResponse = new(() => Example("autoreply/getcurrentautoreplyinfo.yaml", "response"));
    private static readonly Lazy<byte[]> s_replyCommentRequest = new(() => Example("comment/replycomment.yaml", "request"));

    /// <summary><c>examples.response</c> of getCurrentAutoreplyInfo: the biggest documented payload.</summary>
    public static byte[] AutoReplyResponse => s_autoReplyResponse.Value;

    /// <summary><c>examples.request</c> of replycomment (POST cgi-bin/comment/reply/add).</summary>
    public static byte[] ReplyCommentRequest => s_replyCommentRequest.Value;

    /// <summary>The folder holding the seed specs (copied next to the assembly at build time).</summary>
    public static string SpecsDirectory => Path.Combine(AppContext.BaseDirectory, "specs");

    private static byte[] Example(string specPath, string which)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(SpecsDirectory, specPath), Encoding.UTF8))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var examples = (YamlMappingNode)root.Children[new YamlScalarNode("examples")];
        var text = ((YamlScalarNode)examples.Children[new YamlScalarNode(which)]).Value
            ?? throw new InvalidOperationException($"{specPath} has no examples.{which}.");
        return Encoding.UTF8.GetBytes(text);
    }
}
