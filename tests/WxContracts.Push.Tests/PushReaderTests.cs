using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using WxContracts.Push;
using Xunit;

namespace WxContracts.Push.Tests;

/// <summary>
/// The UTF-8 scanner behind <see cref="WxPush.Parse(ReadOnlyMemory{byte})"/> (<see cref="WxPushReader"/>): what it must
/// accept of the XML pushes use, and that everything outside that subset is a <see cref="WxPushFormatException"/> —
/// never another exception type.
/// </summary>
public class PushReaderTests
{
    private const string Head = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>";

    private static WxPushMessage ParseBytes(string xml) => WxPush.Parse(Encoding.UTF8.GetBytes(xml));

    private static TextMessage Text(string contentElement) =>
        Assert.IsType<TextMessage>(ParseBytes(Head + contentElement + "<MsgId>42</MsgId></xml>"));

    [Theory]
    [InlineData("<Content><![CDATA[a]]b]]></Content>", "a]]b")]
    [InlineData("<Content><![CDATA[]] ]]]></Content>", "]] ]")]
    [InlineData("<Content><![CDATA[<b>&amp;</b>]]></Content>", "<b>&amp;</b>")]
    [InlineData("<Content>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</Content>", "a <b> & \"c\" 'd'")]
    [InlineData("<Content>&#20320;&#x597D;&#x1F600;&#65;</Content>", "你好😀A")]
    [InlineData("<Content>你好，世界 ✓</Content>", "你好，世界 ✓")]
    [InlineData("<Content>a<![CDATA[<b>]]>c</Content>", "a<b>c")]
    [InlineData("<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>", "a]]>b")]
    [InlineData("<Content>  <![CDATA[x]]>  </Content>", "x")]
    [InlineData("<Content>line1\r\nline2\rline3\nend</Content>", "line1\nline2\nline3\nend")]
    [InlineData("<Content><![CDATA[a\r\nb]]></Content>", "a\nb")]
    [InlineData("<Content>a<!-- a comment -->b</Content>", "ab")]
    [InlineData("<Content>x &#xD; y</Content>", "x \r y")]
    [InlineData("<Content/>", "")]
    [InlineData("<Content />", "")]
    [InlineData("<Content></Content>", "")]
    [InlineData("<Content>   </Content>", "")]
    [InlineData("<Content><![CDATA[]]></Content>", "")]
    public void Text_content_is_read_as_XML_defines_it(string element, string expected)
    {
        Assert.Equal(expected, Text(element).Content);

        // The same answer as XDocument over a safe XmlReader (the baseline), where XDocument reads the element's value.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(Head + element + "</xml>"), settings);
        var value = XDocument.Load(reader).Root!.Element("Content")!.Value;
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_document_with_declaration_bom_whitespace_and_comments_between_elements_parses()
    {
        var xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- pushed -->\r\n<xml>\r\n  <ToUserName><![CDATA[gh_1]]></ToUserName>\n\t<FromUserName>o_1</FromUserName>\n"
            + "  <CreateTime> 1700000000 </CreateTime>\n  <!-- between -->\n  <MsgType>text</MsgType>\n  <Content><![CDATA[hi]]></Content>\n  <MsgId>\n42\n</MsgId>\n</xml>\r\n<!-- after -->\n";
        var text = Assert.IsType<TextMessage>(ParseBytes(xml));
        Assert.Equal(("gh_1", "o_1", 1700000000L, "text", "hi", (long?)42), (text.ToUserName, text.FromUserName, text.CreateTime, text.MsgType, text.Content, text.MsgId));
        Assert.Empty(text.UnknownElements);

        // The string overload reads the same, whatever encoding the declaration names (the text is already decoded).
        var fromString = Assert.IsType<TextMessage>(WxPush.Parse(xml.Replace("UTF-8", "utf-16", StringComparison.Ordinal)));
        Assert.Equal("hi", fromString.Content);
    }

    [Fact]
    public void Nested_lists_and_empty_elements_read_into_the_nested_classes()
    {
        var xml = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>pic_sysphoto</Event>"
            + "<EventKey/>\n<SendPicsInfo>\n <Count>2</Count>\n <PicList>\n  <item><PicMd5Sum><![CDATA[aa]]></PicMd5Sum></item>\n  <other>skipped</other>\n"
            + "  <item>\n   <PicMd5Sum>bb</PicMd5Sum>\n   <Extra>&amp;kept</Extra>\n  </item>\n  <item/>\n </PicList>\n</SendPicsInfo></xml>";
        var photo = Assert.IsType<PicSysPhotoEvent>(ParseBytes(xml));
        Assert.Equal(string.Empty, photo.EventKey);
        Assert.Equal(2, photo.SendPicsInfo!.Count);
        var items = photo.SendPicsInfo.PicList!;
        Assert.Equal(new[] { "aa", "bb", null }, items.Select(i => i.PicMd5Sum));
        var extra = Assert.Single(items[1].UnknownElements);
        Assert.Equal(("Extra", "&amp;kept", "&kept"), (extra.Name, extra.InnerXml, extra.GetText()));

        var empty = Assert.IsType<PicSysPhotoEvent>(ParseBytes(xml.Replace("<PicList>", "<PicList/><Ignored>", StringComparison.Ordinal).Replace("</PicList>", "</Ignored>", StringComparison.Ordinal)));
        Assert.Empty(empty.SendPicsInfo!.PicList!);
    }

    [Fact]
    public void Numbers_parse_from_the_bytes_and_are_null_when_they_are_not_numbers()
    {
        Assert.Equal(7, Text("<MsgDataId>x</MsgDataId><Idx><![CDATA[ 7 ]]></Idx>").Idx);
        Assert.Null(Text("<Idx>seven</Idx>").Idx);
        Assert.Null(Text("<Idx>99999999999</Idx>").Idx);
        Assert.Null(Text("<Idx/>").Idx);
        Assert.Equal(-3, Text("<Idx>&#45;3</Idx>").Idx);
        Assert.Equal(0, Assert.IsType<TextMessage>(ParseBytes(Head.Replace("1700000000", "not a time", StringComparison.Ordinal) + "</xml>")).CreateTime);
    }

    public static IEnumerable<object[]> Refused() => new[]
    {
        new object[] { "doctype first", "<!DOCTYPE xml>" + Head + "</xml>" },
        new object[] { "doctype after the declaration", "<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"http://127.0.0.1/x.dtd\">" + Head + "</xml>" },
        new object[] { "doctype inside the root", Head + "<!DOCTYPE xml></xml>" },
        new object[] { "entity declaration inside", Head + "<!ENTITY x \"y\"><Content>&x;</Content></xml>" },
        new object[] { "other markup declaration", Head + "<!ELEMENT xml ANY></xml>" },
        new object[] { "unknown entity", Head + "<Content>&x;</Content></xml>" },
        new object[] { "unknown entity in skipped text", Head + "text &nbsp; between</xml>" },
        new object[] { "unknown entity in an unknown element", Head + "<Mood>&copy;</Mood></xml>" },
        new object[] { "bare ampersand", Head + "<Content>a & b</Content></xml>" },
        new object[] { "unterminated reference", Head + "<Content>&amp</Content></xml>" },
        new object[] { "empty character reference", Head + "<Content>&#;</Content></xml>" },
        new object[] { "NUL character reference", Head + "<Content>&#0;</Content></xml>" },
        new object[] { "surrogate character reference", Head + "<Content>&#xD800;</Content></xml>" },
        new object[] { "out-of-range character reference", Head + "<Content>&#x110000;</Content></xml>" },
        new object[] { "processing instruction first", "<?php echo 1; ?>" + Head + "</xml>" },
        new object[] { "stylesheet instruction", "<?xml-stylesheet href=\"x\"?>" + Head + "</xml>" },
        new object[] { "processing instruction inside", Head + "<?php echo 1; ?></xml>" },
        new object[] { "processing instruction in text", Head + "<Content>a<?x?></Content></xml>" },
        new object[] { "declaration not first", " <?xml version=\"1.0\"?>" + Head + "</xml>" },
        new object[] { "declaration of another encoding", "<?xml version=\"1.0\" encoding=\"GBK\"?>" + Head + "</xml>" },
        new object[] { "unterminated declaration", "<?xml version=\"1.0\"" },
        new object[] { "mismatched end tag", Head + "<Content>x</Contnet></xml>" },
        new object[] { "end tag with a longer name", Head + "<Content>x</ContentX></xml>" },
        new object[] { "wrong root end", Head + "</lmx>" },
        new object[] { "unclosed root", Head },
        new object[] { "unclosed element", Head + "<Content>x" },
        new object[] { "unclosed CDATA", Head + "<Content><![CDATA[x</Content></xml>" },
        new object[] { "unclosed comment", Head + "<!-- x</xml>" },
        new object[] { "double hyphen in a comment", Head + "<!-- a -- b --></xml>" },
        new object[] { "CDATA terminator in text", Head + "<Content>a]]>b</Content></xml>" },
        new object[] { "child element where text is expected", Head + "<Content><b>x</b></Content></xml>" },
        new object[] { "attribute on the root", "<xml id=\"1\"><MsgType>text</MsgType></xml>" },
        new object[] { "attribute on a child", Head + "<Content lang=\"en\">x</Content></xml>" },
        new object[] { "lone less-than", Head + "<Content>a < b</Content></xml>" },
        new object[] { "tag starting with a digit", Head + "<1a>x</1a></xml>" },
        new object[] { "content after the root", Head + "</xml>trailing" },
        new object[] { "second root", Head + "</xml><xml></xml>" },
        new object[] { "no root", "   " },
        new object[] { "empty document", string.Empty },
        new object[] { "other root", "<message><MsgType>text</MsgType></message>" },
        new object[] { "control character", Head + "<Content>a\u0001b</Content></xml>" },
        new object[] { "too deep", Head + string.Concat(Enumerable.Repeat("<a>", 17)) + string.Concat(Enumerable.Repeat("</a>", 17)) + "</xml>" },
        new object[] { "too deep and unclosed", Head + string.Concat(Enumerable.Repeat("<a>", 100_000)) },
        new object[] { "too large", Head + "<Content>" + new string('x', WxPushXml.MaxCharacters) + "</Content></xml>" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Everything_outside_the_push_subset_is_refused_with_the_typed_error(string name, string xml)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Throws<WxPushFormatException>(() => ParseBytes(xml));
        if (name != "declaration of another encoding")
        {
            // A string is already decoded: its declaration's encoding does not describe it (as for XmlReader over a TextReader).
            Assert.Throws<WxPushFormatException>(() => WxPush.Parse(xml));
        }
        else
        {
            Assert.IsType<TextMessage>(WxPush.Parse(xml));
        }
    }

    [Fact]
    public void Sixteen_levels_below_the_root_are_allowed_seventeen_are_not()
    {
        static string Nested(int depth) => Head + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</xml>";
        Assert.Single(ParseBytes(Nested(16)).UnknownElements);
        var ex = Assert.Throws<WxPushFormatException>(() => ParseBytes(Nested(17)));
        Assert.Contains("deeper than 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Head + "<Content>ab</Content></xml>");
        var at = Array.IndexOf(bytes, (byte)'a', Head.Length);
        bytes[at] = 0xC3; // a lead byte followed by an ASCII byte
        Assert.Throws<WxPushFormatException>(() => WxPush.Parse(bytes));
        Assert.Throws<WxPushFormatException>(() => WxPush.Parse("<xml><Content>\uD800</Content></xml>"));
    }

    [Fact]
    public void Errors_give_a_position_and_a_reason_but_none_of_the_text()
    {
        var ex = Assert.Throws<WxPushFormatException>(() => ParseBytes("<xml>\n<Content>secret &secret;</Content></xml>"));
        Assert.Equal("The push document is not well-formed XML (line 2, position 17): a reference to an entity other than lt, gt, amp, quot and apos.", ex.Message);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_push_is_refused_with_the_typed_error()
    {
        var bytes = Encoding.UTF8.GetBytes(PushParserTests.Spec("masssendjobfinishevent.yaml").Example!);
        var parsed = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                WxPush.Parse(bytes.AsMemory(0, length));
                parsed++;
            }
            catch (WxPushFormatException)
            {
            }
        }

        // Only cuts in the trailing whitespace after </xml> leave a whole document.
        var trailing = bytes.Length - (Array.LastIndexOf(bytes, (byte)'>') + 1);
        Assert.Equal(trailing, parsed);
    }

    [Fact]
    public void Mutated_pushes_parse_or_fail_with_the_typed_error_only()
    {
        var examples = new[] { "textmessage.yaml", "masssendjobfinishevent.yaml", "subscribemsgpopupevent.yaml", "picsysphotoevent.yaml" }
            .Select(f => Encoding.UTF8.GetBytes(PushParserTests.Spec(f).Example!)).ToArray();
        var alphabet = Encoding.UTF8.GetBytes("<>/!?[]&;#x-CDATA \r\n\"'=xml");
        var random = new Random(20261130);
        int parsed = 0, refused = 0;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])examples[i % examples.Length].Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Length);
                bytes[at] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                Assert.NotNull(WxPush.Parse(bytes));
                parsed++;
            }
            catch (WxPushFormatException)
            {
                refused++;
            }
        }

        // Both outcomes occur: the mutations hit markup and text alike.
        Assert.True(parsed > 100 && refused > 100, $"parsed {parsed}, refused {refused}");
    }

    [Fact]
    public void The_envelope_reader_copies_the_Encrypt_text_and_checks_the_whole_document()
    {
        var envelope = Encoding.UTF8.GetBytes("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt><Other>&amp;</Other></xml>");
        var destination = new byte[envelope.Length];
        var length = WxPushXml.ReadChildText(envelope, "Encrypt", destination);
        Assert.Equal("abc+/=", Encoding.UTF8.GetString(destination, 0, length));

        var escaped = Encoding.UTF8.GetBytes("<xml><Encrypt>a&#43;b</Encrypt></xml>");
        length = WxPushXml.ReadChildText(escaped, "Encrypt", new byte[escaped.Length]);
        Assert.Equal(3, length);

        Assert.Equal(-1, WxPushXml.ReadChildText(envelope, "Missing", destination));
        var hostile = Encoding.UTF8.GetBytes("<!DOCTYPE xml><xml><Encrypt>abc</Encrypt></xml>");
        Assert.Throws<WxPushFormatException>(() => WxPushXml.ReadChildText(hostile, "Encrypt", new byte[hostile.Length]));
        var trailing = Encoding.UTF8.GetBytes("<xml><Encrypt>abc</Encrypt></xml><?x?>");
        Assert.Throws<WxPushFormatException>(() => WxPushXml.ReadChildText(trailing, "Encrypt", new byte[trailing.Length]));
    }
}
