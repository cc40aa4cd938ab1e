using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using WxContracts.Redis;

namespace WxContracts;

/// <summary>
/// Redis as an <see cref="IDistributedCache"/> (strings with absolute expiry) and as an <see cref="IWxDistributedLock"/>
/// (<c>SET name owner NX PX expiry</c>, released by a script only while the owner still holds it), so that one
/// instance refreshes the access token while the others wait, and a crashed holder's lock expires.
/// </summary>
public sealed class RedisWxCache : IDistributedCache, IWxDistributedLock, IAsyncDisposable
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;

    /// <summary>Connects (lazily) to Redis at <paramref name="configuration"/> (<c>host:port</c>).</summary>
    public RedisWxCache(string configuration, TimeProvider? timeProvider = null, TimeSpan? commandTimeout = null)
    {
        _connection = new RedisConnection(configuration ?? throw new ArgumentNullException(nameof(configuration)), commandTimeout ?? TimeSpan.FromSeconds(5));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var reply = await Execute(cancellationToken, "SET", name, owner, "NX", "PX", Millis(expiry)).ConfigureAwait(false);
        return reply.IsOk ? new Held(this, name, owner) : null;
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var reply = await Execute(token, "GET", key).ConfigureAwait(false);
        return reply.IsNil || reply.Text is null ? null : Encoding.UTF8.GetBytes(reply.Text);
    }

    /// <inheritdoc/>
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var text = Encoding.UTF8.GetString(value);
        var ttl = TimeToLive(options);
        var reply = ttl is { } t
            ? await Execute(token, "SET", key, text, "PX", Millis(t)).ConfigureAwait(false)
            : await Execute(token, "SET", key, text).ConfigureAwait(false);
        if (!reply.IsOk)
        {
            throw new WxTokenStoreException("Redis refused SET: " + reply.Error);
        }
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask; // entries use absolute expiry only

    /// <inheritdoc/>
    public void Refresh(string key)
    {
    }

    /// <inheritdoc/>
    public async Task RemoveAsync(string key, CancellationToken token = default) => await Execute(token, "DEL", key).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<RedisReply> Execute(CancellationToken cancellationToken, params string[] args)
    {
        var reply = await _connection.ExecuteAsync(cancellationToken, args).ConfigureAwait(false);
        if (reply.Error is not null && args[0] != "SET")
        {
            throw new WxTokenStoreException($"Redis refused {args[0]}: {reply.Error}");
        }

        return reply;
    }

    private TimeSpan? TimeToLive(DistributedCacheEntryOptions options)
    {
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            return relative;
        }

        if (options.AbsoluteExpiration is { } absolute)
        {
            var left = absolute - _time.GetUtcNow();
            return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
        }

        return options.SlidingExpiration;
    }

    private static string Millis(TimeSpan span) => Math.Max(1, (long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private sealed class Held : IAsyncDisposable
    {
        private readonly RedisWxCache _owner;
        private readonly string _name;
        private readonly string _ownerToken;

        public Held(RedisWxCache owner, string name, string ownerToken)
        {
            _owner = owner;
            _name = name;
            _ownerToken = ownerToken;
        }

        // Releases only while this owner still holds it: an expired lock another instance took is left alone.
        public async ValueTask DisposeAsync() =>
            await _owner.Execute(CancellationToken.None, "EVAL", ReleaseScript, "1", _name, _ownerToken).ConfigureAwait(false);
    }
}
