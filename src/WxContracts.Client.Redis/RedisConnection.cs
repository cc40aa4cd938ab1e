using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts.Redis;

/// <summary>A Redis reply: a bulk/simple string, an integer, nil, or an error.</summary>
internal readonly record struct RedisReply(string? Text, long Integer, bool IsNil, string? Error)
{
    public bool IsOk => Error is null && Text == "OK";
}

/// <summary>
/// One RESP (Redis protocol) connection: request, then reply, one at a time, reconnecting after a failure. Enough
/// for the few commands the token store needs (GET, SET … PX [NX], DEL, EVAL), without a client library.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private Stream? _stream;

    public RedisConnection(string configuration, TimeSpan timeout)
    {
        (_host, _port) = ParseEndpoint(configuration);
        _timeout = timeout;
    }

    public static (string Host, int Port) ParseEndpoint(string configuration)
    {
        // "host:port", optionally followed by ",option=value" parts (StackExchange.Redis style); options are ignored.
        var endpoint = configuration.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"Redis configuration must start with host:port, not '{endpoint}'.", nameof(configuration));
        }

        return (endpoint.Substring(0, colon), port);
    }

    public async Task<RedisReply> ExecuteAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        await _gate.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            try
            {
                var stream = await ConnectAsync(timeout.Token).ConfigureAwait(false);
                var request = Encode(args);
                await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
                await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                return await ReadReplyAsync(stream, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidDataException)
            {
                Reset(); // the connection state is unknown: start over next time
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new WxTokenStoreException($"Redis {_host}:{_port} failed: {ex.GetType().Name}", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            return _stream;
        }

        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        _stream = new BufferedStream(client.GetStream(), 8192);
        return _stream;
    }

    private void Reset()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
    }

    private static byte[] Encode(string[] args)
    {
        var sb = new StringBuilder();
        sb.Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            sb.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task<RedisReply> ReadReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        if (line.Length == 0)
        {
            throw new InvalidDataException("empty Redis reply");
        }

        var rest = line.Substring(1);
        switch (line[0])
        {
            case '+':
                return new RedisReply(rest, 0, false, null);
            case '-':
                return new RedisReply(null, 0, false, rest);
            case ':':
                return new RedisReply(null, long.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), false, null);
            case '$':
            {
                var length = int.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return new RedisReply(null, 0, true, null);
                }

                if (length > 16 * 1024 * 1024)
                {
                    throw new InvalidDataException("Redis bulk reply too large");
                }

                var buffer = new byte[length + 2];
                await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                return new RedisReply(Encoding.UTF8.GetString(buffer, 0, length), 0, false, null);
            }

            default:
                throw new InvalidDataException($"unexpected Redis reply type '{line[0]}'");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new ArrayBufferWriter<byte>(64);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("Redis closed the connection");
            }

            if (one[0] == (byte)'\n')
            {
                var span = bytes.WrittenSpan;
                return Encoding.UTF8.GetString(span.Length > 0 && span[span.Length - 1] == (byte)'\r' ? span.Slice(0, span.Length - 1) : span);
            }

            if (bytes.WrittenCount > 64 * 1024)
            {
                throw new InvalidDataException("Redis reply line too long");
            }

            bytes.Write(one);
        }
    }

    public ValueTask DisposeAsync()
    {
        Reset();
        _gate.Dispose();
        return default;
    }
}

/// <summary>The shared token store (Redis) could not be reached or answered with an error.</summary>
public sealed class WxTokenStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxTokenStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
