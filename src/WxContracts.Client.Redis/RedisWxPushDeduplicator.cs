using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using WxContracts.Push;

namespace WxContracts;

/// <summary>Settings of <see cref="RedisWxPushDeduplicator"/>.</summary>
public sealed class RedisWxPushDeduplicatorOptions
{
    /// <summary>Put before every key the store writes; default none.</summary>
    public string? KeyPrefix { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"RedisWxPushDeduplicatorOptions(KeyPrefix: {KeyPrefix ?? "(none)"})";
}

/// <summary>
/// Claims pushes in Redis with one atomic command, <c>SET key value PX ttl NX</c> (StackExchange.Redis
/// <c>StringSetAsync(..., When.NotExists)</c>): of any number of instances receiving the same push, exactly one gets
/// true, and the key expires by itself after the window.
/// </summary>
public sealed class RedisWxPushDeduplicator : IWxPushDeduplicator
{
    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly RedisValue _owner = Environment.MachineName + ":" + Environment.ProcessId;

    /// <summary>Uses the application's connection (not disposed by the store).</summary>
    public RedisWxPushDeduplicator(IConnectionMultiplexer connection, RedisWxPushDeduplicatorOptions? options = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _prefix = options?.KeyPrefix ?? string.Empty;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive.");
        }

        try
        {
            return await _connection.GetDatabase()
                .StringSetAsync(_prefix + key, _owner, ttl, When.NotExists)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or System.IO.IOException or System.Net.Sockets.SocketException)
        {
            // StackExchange.Redis messages name endpoints and states, never the password; the key holds no message content.
            var endpoints = string.Join(",", _connection.GetEndPoints().Select(e => e.ToString()));
            throw new WxPushDeduplicationException($"Redis failed while claiming the push ({key}) at {endpoints}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "RedisWxPushDeduplicator(shared connection)";
}
