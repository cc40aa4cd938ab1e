using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WxContracts.Push;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;

namespace WxContracts.Push.Tests;

public class PushParserTests
{
    public static IEnumerable<object[]> PushSpecs() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "specs", "push"), "*.yaml")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new object[] { Path.GetFileName(p) });

    internal static PushSpec Spec(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "specs", "push", file);
        var parsed = SpecParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(parsed.Diagnostics);
        return parsed.Push!;
    }

    [Fact]
    public void There_are_at_least_30_push_specs_and_the_dispatcher_knows_every_message_and_event()
    {
        var specs = PushSpecs().Select(o => Spec((string)o[0])).ToList();
        Assert.True(specs.Count >= 30, $"{specs.Count} push specs");
        Assert.Equal(specs.Where(s => s.Direction == PushDirection.Message).Select(s => s.MsgType).OrderBy(x => x), WxPush.MessageTypes.OrderBy(x => x));
        Assert.Equal(specs.Where(s => s.Direction == PushDirection.Event).Select(s => s.Event!).OrderBy(x => x, StringComparer.OrdinalIgnoreCase), WxPush.EventTypes.OrderBy(x => x, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(PushSpecs))]
    public void Example_parses_to_its_class_with_every_element_and_writes_back(string file)
    {
        var spec = Spec(file);
        Assert.NotNull(spec.Example);
        WxPushDocument doc = spec.Direction == PushDirection.Reply ? WxPush.ParseReply(spec.Example!) : WxPush.Parse(spec.Example!);
        Assert.Equal(spec.Name, doc.GetType().Name);
        Assert.Empty(doc.UnknownElements);
        Assert.Equal(1700000000, doc.CreateTime);
        Assert.False(string.IsNullOrEmpty(doc.ToUserName));

        // Written and read again, the document is the same, and every element name of the example is in it.
        var written = doc.ToXml();
        var again = spec.Direction == PushDirection.Reply ? (WxPushDocument)WxPush.ParseReply(written) : WxPush.Parse(Encoding.UTF8.GetBytes(written));
        Assert.Equal(written, again.ToXml());
        foreach (var element in ElementNames(spec.Example!))
        {
            Assert.Contains("<" + element + ">", written, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> ElementNames(string xml)
    {
        using var reader = System.Xml.XmlReader.Create(new StringReader(xml));
        while (reader.Read())
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element && !reader.IsEmptyElement)
            {
                yield return reader.LocalName;
            }
        }
    }

    [Fact]
    public void Typed_values_come_out_of_the_examples()
    {
        var subscribe = Assert.IsType<SubscribeEvent>(WxPush.Parse(Spec("subscribeevent.yaml").Example!));
        Assert.Equal("qrscene_123123", subscribe.EventKey);
        Assert.Equal("123123", subscribe.QrSceneValue);
        Assert.Equal("TICKET", subscribe.Ticket);

        var mass = Assert.IsType<MassSendJobFinishEvent>(WxPush.Parse(Spec("masssendjobfinishevent.yaml").Example!));
        Assert.Equal(1000001625, mass.MsgID);
        var check = Assert.Single(mass.CopyrightCheckResult!.ResultList!);
        Assert.True(check.CanReprint);
        Assert.Equal("Url_1", check.OriginalArticleUrl);
        Assert.Equal(2, mass.CopyrightCheckResult.CheckState);
        Assert.Equal("Url", Assert.Single(mass.ArticleUrlResult!.ResultList!).ArticleUrl);

        var popup = Assert.IsType<SubscribeMsgPopupEvent>(WxPush.Parse(Spec("subscribemsgpopupevent.yaml").Example!));
        Assert.Equal(new[] { "accept", "reject" }, popup.Details!.List!.Select(l => l.SubscribeStatusString));

        var text = Assert.IsType<TextMessage>(WxPush.Parse(Spec("textmessage.yaml").Example!));
        Assert.Equal("hello", text.Content);
        Assert.Equal("msg:23849572938475", text.DeduplicationKey);
        Assert.Equal("evt:oia2TjjewbmiOUlr6X-1crbLOvLw|1700000000|subscribe|qrscene_123123", subscribe.DeduplicationKey);
    }

    [Fact]
    public void Event_names_match_in_any_case_and_unknown_types_keep_every_element()
    {
        const string Head = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1</CreateTime>";
        Assert.IsType<ScanEvent>(WxPush.Parse(Head + "<MsgType>event</MsgType><Event>scan</Event></xml>"));

        var unknown = Assert.IsType<WxUnknownPushMessage>(WxPush.Parse(Head + "<MsgType><![CDATA[hologram]]></MsgType><MsgId>7</MsgId><Shape><Sides>12</Sides></Shape></xml>"));
        Assert.Equal("hologram", unknown.MsgType);
        Assert.Equal(new[] { "MsgId", "Shape" }, unknown.UnknownElements.Select(e => e.Name));
        Assert.Equal("<Sides>12</Sides>", unknown.UnknownElements[1].InnerXml);
        Assert.Equal(7, unknown.MessageId);
        Assert.Contains("<Shape><Sides>12</Sides></Shape>", unknown.ToXml(), StringComparison.Ordinal);

        var unknownEvent = Assert.IsType<WxUnknownPushMessage>(WxPush.Parse(Head + "<MsgType>event</MsgType><Event>brand_new_event</Event><EventKey>k</EventKey></xml>"));
        Assert.Equal("brand_new_event", unknownEvent.Event);
        Assert.Equal("evt:o_1|1|brand_new_event|k", unknownEvent.DeduplicationKey);

        // A new element in a known message is kept and written back.
        var text = Assert.IsType<TextMessage>(WxPush.Parse(Head + "<MsgType>text</MsgType><Content>hi</Content><Mood><![CDATA[glad]]></Mood></xml>"));
        Assert.Equal("glad", Assert.Single(text.UnknownElements).GetText());
        Assert.Contains("<Mood><![CDATA[glad]]></Mood>", text.ToXml(), StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> HostileDocuments() => Hostile.Documents.Select(d => new object[] { d.Name });

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void Hostile_documents_are_refused_with_a_typed_error_that_does_not_echo_them(string name)
    {
        var xml = Hostile.Documents.Single(d => d.Name == name).Xml;
        var ex = Assert.Throws<WxPushFormatException>(() => WxPush.Parse(Encoding.UTF8.GetBytes(xml)));
        Assert.DoesNotContain(Hostile.Marker, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cdata_terminators_in_text_survive_a_round_trip()
    {
        var reply = new TextReply { ToUserName = "o", FromUserName = "gh", CreateTime = 5, Content = "a]]>b <&>" };
        var back = Assert.IsType<TextReply>(WxPush.ParseReply(reply.ToXml()));
        Assert.Equal("a]]>b <&>", back.Content);
    }
}

/// <summary>Hostile push bodies; each carries <see cref="Marker"/> so tests can check nothing echoes it.</summary>
internal static class Hostile
{
    public const string Marker = "SECRET-BODY-MARKER";

    private const string Head = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType>";

    public static readonly (string Name, string Xml)[] Documents =
    {
        ("dtd", "<!DOCTYPE xml [<!ELEMENT xml ANY>]>" + Head + "<Content>" + Marker + "</Content></xml>"),
        ("external-entity", "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Head + "<Content>&x;" + Marker + "</Content></xml>"),
        ("billion-laughs", "<!DOCTYPE xml [<!ENTITY a \"" + Marker + "\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>" + Head + "<Content>&d;&d;&d;</Content></xml>"),
        ("malformed", Head + "<Content>" + Marker + "</Contnet></xml>"),
        ("truncated", Head + "<Content>" + Marker),
        ("not-xml-root", "<message>" + Marker + "</message>"),
        ("too-deep", Head + "<Content>x</Content>" + string.Concat(Enumerable.Repeat("<a>", 40)) + Marker + string.Concat(Enumerable.Repeat("</a>", 40)) + "</xml>"),
        ("too-large", Head + "<Content>" + Marker + new string('x', 2 * 1024 * 1024) + "</Content></xml>"),
    };
}
