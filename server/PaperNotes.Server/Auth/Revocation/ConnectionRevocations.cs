using System.Collections.Concurrent;

namespace PaperNotes.Server.Auth.Revocation;

/// <summary>Who a long-lived connection speaks for, as the token that opened it said, and until when.</summary>
public sealed record SignedInConnection(string UserId, string? AuthorizationId, string? TokenId, DateTimeOffset? ExpiresAt);

/// <summary>
/// Ends long-lived connections (the sync hub's) whose sign-in no longer holds: the token expired, it or its device
/// (authorization) was revoked, or the account was. A request re-validates its token; a WebSocket opened with it does
/// not, so the gate that admitted it registers it here. This implementation knows one process's connections; one that
/// spans processes would broadcast each <c>Revoke*</c> call (say over Redis) and apply it to every process's
/// registrations. Aborting is always safe: a client whose sign-in still holds reconnects.
/// </summary>
public interface IConnectionRevocations
{
    /// <summary>Tracks <paramref name="connection"/> until the result is disposed; <paramref name="abort"/> ends it.</summary>
    IDisposable Register(SignedInConnection connection, Action abort);

    /// <summary>Ends the connections opened with the token <paramref name="tokenId"/>.</summary>
    void RevokeToken(string tokenId);

    /// <summary>Ends the connections of one device (a sign-in and its refresh-token family).</summary>
    void RevokeAuthorization(string authorizationId);

    /// <summary>Ends every connection of <paramref name="userId"/>.</summary>
    void RevokeUser(string userId);
}

/// <summary>
/// The registered connections of this process, in one set: revocations are rare, so they scan it rather than keep an
/// index per key (each index entry would cost memory on every one of thousands of idle connections). Expiry is checked
/// every <see cref="ScanInterval"/> against the app's clock, the one token validation reads.
/// </summary>
internal sealed class LocalConnectionRevocations(TimeProvider clock) : BackgroundService, IConnectionRevocations
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Registration, byte> _open = new();

    public IDisposable Register(SignedInConnection connection, Action abort)
    {
        var registration = new Registration(this, connection, abort);
        _open.TryAdd(registration, 0);
        return registration;
    }

    public void RevokeToken(string tokenId) => AbortWhere(c => c.TokenId == tokenId);

    public void RevokeAuthorization(string authorizationId) => AbortWhere(c => c.AuthorizationId == authorizationId);

    public void RevokeUser(string userId) => AbortWhere(c => c.UserId == userId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            AbortWhere(c => c.ExpiresAt <= now);
        }
    }

    private void AbortWhere(Func<SignedInConnection, bool> revoked)
    {
        foreach (var registration in _open.Keys)
        {
            if (!revoked(registration.Connection) || !_open.TryRemove(registration, out _)) continue;
            registration.Abort();
        }
    }

    private sealed class Registration(LocalConnectionRevocations owner, SignedInConnection connection, Action abort) : IDisposable
    {
        public SignedInConnection Connection { get; } = connection;

        public void Abort() => abort();

        public void Dispose() => owner._open.TryRemove(this, out _);
    }
}
