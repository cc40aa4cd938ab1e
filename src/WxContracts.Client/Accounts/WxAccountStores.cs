using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;

namespace WxContracts;

/// <summary>An Official Account's credentials. <see cref="ToString"/> never shows the AppSecret.</summary>
/// <param name="AppId">The account's AppID.</param>
/// <param name="AppSecret">The account's AppSecret.</param>
public sealed record WxAccount(string AppId, string AppSecret)
{
    /// <inheritdoc/>
    public override string ToString() => $"WxAccount({AppId}, AppSecret: ***)";
}

/// <summary>
/// Where <see cref="IWxClientFactory{TClient}"/> finds the credentials of accounts known only at run time (a database
/// of tenants, a secret store...). The application implements it; an in-memory and a configuration-bound store are
/// included. Asked at every token request, so a rotated AppSecret is picked up with the next token.
/// </summary>
public interface IWxAccountStore
{
    /// <summary>The account with <paramref name="appId"/>, or null when there is none.</summary>
    ValueTask<WxAccount?> FindAsync(string appId, CancellationToken cancellationToken);
}

/// <summary>Accounts kept in memory, added and removed while the application runs.</summary>
public sealed class InMemoryWxAccountStore : IWxAccountStore
{
    private readonly ConcurrentDictionary<string, WxAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces an account.</summary>
    public void Set(string appId, string appSecret)
    {
        if (string.IsNullOrWhiteSpace(appId) || string.IsNullOrWhiteSpace(appSecret))
        {
            throw new ArgumentException("An account needs an AppID and an AppSecret.");
        }

        _accounts[appId] = new WxAccount(appId, appSecret);
    }

    /// <summary>Removes an account; its clients fail with <see cref="WxAccountNotFoundException"/> at their next token request.</summary>
    public bool Remove(string appId) => _accounts.TryRemove(appId, out _);

    /// <inheritdoc/>
    public ValueTask<WxAccount?> FindAsync(string appId, CancellationToken cancellationToken) =>
        new(_accounts.TryGetValue(appId, out var account) ? account : null);
}

/// <summary>
/// Accounts read from configuration, one child section per AppID with an <c>AppSecret</c> value, for example
/// <c>"WeChat": { "Accounts": { "wx1234": { "AppSecret": "..." } } }</c> read as
/// <c>new ConfigurationWxAccountStore(configuration.GetSection("WeChat:Accounts"))</c>. Read at every lookup, so
/// reloaded configuration (a rotated secret, a new account) is seen without a restart. No reflection: AOT-safe.
/// </summary>
public sealed class ConfigurationWxAccountStore : IWxAccountStore
{
    private readonly IConfiguration _section;

    /// <summary>Reads accounts from <paramref name="section"/>.</summary>
    public ConfigurationWxAccountStore(IConfiguration section) => _section = section ?? throw new ArgumentNullException(nameof(section));

    /// <inheritdoc/>
    public ValueTask<WxAccount?> FindAsync(string appId, CancellationToken cancellationToken)
    {
        var secret = _section.GetSection(appId)["AppSecret"];
        return new(string.IsNullOrWhiteSpace(secret) ? null : new WxAccount(appId, secret));
    }
}

/// <summary>The <see cref="IWxAccountStore"/> has no account with the AppID a client was asked for.</summary>
public sealed class WxAccountNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxAccountNotFoundException(string appId)
        : base($"No WeChat account with AppID '{appId}' is in the account store.") => AppId = appId;

    /// <summary>The AppID asked for.</summary>
    public string AppId { get; }
}
