using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Client.Tests;

/// <summary>Reads values (the examples) straight from the spec files, so tests use what the specs say.</summary>
internal static class Specs
{
    public static string Example(string specFile, string which)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "specs", specFile);
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(path)))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var examples = (YamlMappingNode)root.Children[new YamlScalarNode("examples")];
        return ((YamlScalarNode)examples.Children[new YamlScalarNode(which)]).Value!;
    }

    public static string ReplyCommentRequest => Example(Path.Combine("comment", "replycomment.yaml"), "request");

    public static string AutoReplyResponse => Example(Path.Combine("autoreply", "getcurrentautoreplyinfo.yaml"), "response");
}
