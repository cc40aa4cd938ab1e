using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WxContracts.Specs.Parsing;

/// <summary>A JSON value from a spec example, with its character offset in the example text.</summary>
public abstract class JValue
{
    protected JValue(int offset) => Offset = offset;

    public int Offset { get; }

    public abstract string KindName { get; }
}

public sealed class JObject : JValue
{
    public JObject(int offset, List<KeyValuePair<string, JValue>> properties, List<int> keyOffsets)
        : base(offset)
    {
        Properties = properties;
        KeyOffsets = keyOffsets;
    }

    public List<KeyValuePair<string, JValue>> Properties { get; }

    public List<int> KeyOffsets { get; }

    public override string KindName => "an object";
}

public sealed class JArray : JValue
{
    public JArray(int offset, List<JValue> items)
        : base(offset) => Items = items;

    public List<JValue> Items { get; }

    public override string KindName => "an array";
}

public sealed class JString : JValue
{
    public JString(int offset, string value)
        : base(offset) => Value = value;

    public string Value { get; }

    public override string KindName => "a string";
}

public sealed class JNumber : JValue
{
    public JNumber(int offset, string raw)
        : base(offset) => Raw = raw;

    public string Raw { get; }

    public override string KindName => "a number";
}

public sealed class JLiteral : JValue
{
    public JLiteral(int offset, bool? value)
        : base(offset) => Value = value;

    /// <summary>true, false, or null for the JSON null.</summary>
    public bool? Value { get; }

    public override string KindName => Value is null ? "null" : "a boolean";
}

public sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, int offset)
        : base(message) => Offset = offset;

    public int Offset { get; }
}

/// <summary>
/// A small strict JSON reader (RFC 8259) for spec examples. The generator runs on netstandard2.0 inside the
/// compiler, where System.Text.Json cannot be relied on, and the checks need offsets for located diagnostics.
/// </summary>
public sealed class MiniJson
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;

    private MiniJson(string text) => _text = text;

    public static JValue Parse(string text)
    {
        var parser = new MiniJson(text);
        parser.SkipWhitespace();
        var value = parser.ReadValue(0);
        parser.SkipWhitespace();
        if (parser._pos < text.Length)
        {
            throw new JsonSyntaxException($"Unexpected '{text[parser._pos]}' after the end of the JSON value", parser._pos);
        }

        return value;
    }

    private JValue ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonSyntaxException($"JSON nests deeper than {MaxDepth} levels", _pos);
        }

        if (_pos >= _text.Length)
        {
            throw new JsonSyntaxException("Unexpected end of JSON", _pos);
        }

        var c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"': return new JString(_pos, ReadString());
            case 't': return ReadLiteral("true", true);
            case 'f': return ReadLiteral("false", false);
            case 'n': return ReadLiteral("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw new JsonSyntaxException($"Unexpected '{c}' where a JSON value was expected", _pos);
        }
    }

    private JObject ReadObject(int depth)
    {
        var start = _pos++;
        var props = new List<KeyValuePair<string, JValue>>();
        var keyOffsets = new List<int>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return new JObject(start, props, keyOffsets);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw new JsonSyntaxException("Expected a property name in double quotes", _pos);
            }

            var keyOffset = _pos;
            var key = ReadString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            var value = ReadValue(depth + 1);
            props.Add(new KeyValuePair<string, JValue>(key, value));
            keyOffsets.Add(keyOffset);
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == '}')
            {
                return new JObject(start, props, keyOffsets);
            }

            if (next != ',')
            {
                throw new JsonSyntaxException("Expected ',' or '}' in object", _pos - 1);
            }
        }
    }

    private JArray ReadArray(int depth)
    {
        var start = _pos++;
        var items = new List<JValue>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return new JArray(start, items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var next = Peek();
            _pos++;
            if (next == ']')
            {
                return new JArray(start, items);
            }

            if (next != ',')
            {
                throw new JsonSyntaxException("Expected ',' or ']' in array", _pos - 1);
            }
        }
    }

    private string ReadString()
    {
        var start = _pos;
        _pos++; // opening quote
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw new JsonSyntaxException("Unterminated string", start);
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c < ' ')
            {
                throw new JsonSyntaxException("Control character (such as a line break) inside a string", _pos - 1);
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw new JsonSyntaxException("Unterminated escape sequence", _pos - 1);
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw new JsonSyntaxException("Invalid \\u escape", _pos - 2);
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw new JsonSyntaxException($"Invalid escape '\\{e}'", _pos - 2);
            }
        }
    }

    private JNumber ReadNumber()
    {
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
        }
        else if (IsDigit(Peek()))
        {
            while (IsDigit(Peek()))
            {
                _pos++;
            }
        }
        else
        {
            throw new JsonSyntaxException("Invalid number", start);
        }

        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek()))
            {
                throw new JsonSyntaxException("Invalid number: digits expected after '.'", start);
            }

            while (IsDigit(Peek()))
            {
                _pos++;
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!IsDigit(Peek()))
            {
                throw new JsonSyntaxException("Invalid number: digits expected in exponent", start);
            }

            while (IsDigit(Peek()))
            {
                _pos++;
            }
        }

        return new JNumber(start, _text.Substring(start, _pos - start));
    }

    private JLiteral ReadLiteral(string word, bool? value)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            throw new JsonSyntaxException($"Unexpected '{_text[_pos]}' where a JSON value was expected", _pos);
        }

        var start = _pos;
        _pos += word.Length;
        return new JLiteral(start, value);
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new JsonSyntaxException($"Expected '{c}'", _pos);
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && (_text[_pos + 1] == '/' || _text[_pos + 1] == '*'))
            {
                throw new JsonSyntaxException("Comments are not allowed in JSON examples (remove it and say so under examples.normalized)", _pos);
            }
            else
            {
                return;
            }
        }
    }
}
