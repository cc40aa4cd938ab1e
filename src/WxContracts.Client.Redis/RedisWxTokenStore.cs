using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WxContracts;

/// <summary>Settings of <see cref="RedisWxTokenStore"/>.</summary>
public sealed class RedisWxTokenStoreOptions
{
    /// <summary>Put before every key the store writes (the cache's <c>InstanceName</c>); default none.</summary>
    public string? KeyPrefix { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"RedisWxTokenStoreOptions(KeyPrefix: {KeyPrefix ?? "(none)"})";
}

/// <summary>
/// Shares access tokens between instances through Redis: the token is kept with an <see cref="IDistributedCache"/>
/// (<see cref="RedisCache"/> from Microsoft.Extensions.Caching.StackExchangeRedis) and refreshes take a StackExchange.Redis
/// lock (<c>LockTakeAsync</c>: <c>SET NX PX</c> with an owner; <c>LockReleaseAsync</c>: deleted only by its owner), so N
/// processes with a cold cache make one token request and a crashed holder's lock expires.
/// </summary>
/// <remarks>
/// Every Redis failure (connection, authentication, timeout, a server error such as OOM) surfaces as a
/// <see cref="WxTokenStoreException"/> saying that Redis failed; "the lock is held elsewhere" is only ever a successful
/// answer of Redis. A lock that cannot be released (Redis went away meanwhile) expires by itself.
/// </remarks>
public sealed class RedisWxTokenStore : IWxTokenStore, IAsyncDisposable
{
    private readonly IConnectionMultiplexer? _shared;
    private readonly ConfigurationOptions? _configuration;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly RedisCache _cache;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private volatile IConnectionMultiplexer? _owned;
    private bool _disposed;

    /// <summary>Uses the application's connection (not disposed by the store).</summary>
    public RedisWxTokenStore(IConnectionMultiplexer connection, RedisWxTokenStoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(connection ?? throw new ArgumentNullException(nameof(connection)), null, options, timeProvider)
    {
    }

    /// <summary>
    /// Connects (at the first call) with a StackExchange.Redis configuration string, all its options included
    /// (<c>password=</c>, <c>user=</c>, <c>ssl=true</c>, <c>defaultDatabase=</c>, timeouts...).
    /// </summary>
    public RedisWxTokenStore(string configuration, RedisWxTokenStoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(null, ParseConfiguration(configuration), options, timeProvider)
    {
    }

    /// <summary>Connects (at the first call) with <paramref name="configuration"/>.</summary>
    public RedisWxTokenStore(ConfigurationOptions configuration, RedisWxTokenStoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(null, (configuration ?? throw new ArgumentNullException(nameof(configuration))).Clone(), options, timeProvider)
    {
    }

    private RedisWxTokenStore(IConnectionMultiplexer? shared, ConfigurationOptions? configuration, RedisWxTokenStoreOptions? options, TimeProvider? timeProvider)
    {
        _shared = shared;
        _configuration = configuration;
        _time = timeProvider ?? TimeProvider.System;
        _prefix = options?.KeyPrefix ?? string.Empty;
        _cache = new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = options?.KeyPrefix,
            ConnectionMultiplexerFactory = () => ConnectAsync(CancellationToken.None),
        }));
    }

    internal static ConfigurationOptions ParseConfiguration(string configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("A StackExchange.Redis configuration string (for example \"127.0.0.1:6379,password=...\") is required.", nameof(configuration));
        }

        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            // The parser's message names the bad option, never its value.
            throw new ArgumentException("The Redis configuration string is not valid: " + ex.Message, nameof(configuration), ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<WxCachedToken?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return WxCachedToken.Deserialize(await _cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (IsRedisFailure(ex, cancellationToken))
        {
            throw Failure("reading the token", key, ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, WxCachedToken token, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        // Relative to this store's clock: the token's own expiry is measured by the provider's clock.
        var left = token.ExpiresAt - _time.GetUtcNow();
        var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1) };
        try
        {
            await _cache.SetStringAsync(key, token.Serialize(), options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex, cancellationToken))
        {
            throw Failure("storing the token", key, ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable?> TryAcquireRefreshLockAsync(string key, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var name = (RedisKey)(_prefix + key + ":refresh-lock");
        var owner = (RedisValue)Guid.NewGuid().ToString("N");
        try
        {
            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var database = connection.GetDatabase();
            return await database.LockTakeAsync(name, owner, expiry).WaitAsync(cancellationToken).ConfigureAwait(false)
                ? new Held(database, name, owner)
                : null;
        }
        catch (Exception ex) when (IsRedisFailure(ex, cancellationToken))
        {
            throw Failure("taking the refresh lock", key, ex);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            return _shared;
        }

        if (_owned is { } owned)
        {
            return owned;
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_owned is null)
            {
                // A failed connect is not kept: the next call tries again, so the store recovers when Redis is back.
                _owned = await ConnectionMultiplexer.ConnectAsync(_configuration!).ConfigureAwait(false);
            }

            return _owned;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private static bool IsRedisFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is RedisException or TimeoutException or System.IO.IOException or System.Net.Sockets.SocketException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private WxTokenStoreException Failure(string what, string key, Exception ex)
    {
        var endpoints = _shared is not null
            ? string.Join(",", _shared.GetEndPoints().Select(e => e.ToString()))
            : string.Join(",", _configuration!.EndPoints.Select(e => e.ToString()));

        // StackExchange.Redis messages name endpoints and states, never the password.
        return new WxTokenStoreException($"Redis failed while {what} ({key}) at {endpoints}: {ex.GetType().Name}: {ex.Message}", ex);
    }

    /// <summary>Closes the connection the store opened itself; an application's connection is left open.</summary>
    public async ValueTask DisposeAsync()
    {
        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_owned is { } owned)
            {
                _owned = null;
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _shared is not null ? "RedisWxTokenStore(shared connection)" : $"RedisWxTokenStore({_configuration})";

    private sealed class Held : IAsyncDisposable
    {
        private readonly IDatabase _database;
        private readonly RedisKey _name;
        private readonly RedisValue _owner;

        public Held(IDatabase database, RedisKey name, RedisValue owner)
        {
            _database = database;
            _name = name;
            _owner = owner;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                // Deleted only while this owner still holds it: an expired lock another instance took is left alone.
                await _database.LockReleaseAsync(_name, _owner).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis went away after the token was stored: the lock expires by itself, and the token the caller
                // already holds must not be lost over it.
            }
        }
    }
}
