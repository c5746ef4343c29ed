using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace PaperNotes.Server.Auth.Revocation;

/// <summary>
/// OpenIddict's authorization manager, telling <see cref="IConnectionRevocations"/> of each revocation: device
/// sign-out, the family revocation that follows a reused refresh token, and revoking a whole account. Every path to a
/// revocation goes through the manager, whichever store sits below it.
/// </summary>
public sealed class RevokingAuthorizationManager<TAuthorization>(
    IOpenIddictAuthorizationCache<TAuthorization> cache,
    ILogger<OpenIddictAuthorizationManager<TAuthorization>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictAuthorizationStore<TAuthorization> store,
    IConnectionRevocations connections)
    : OpenIddictAuthorizationManager<TAuthorization>(cache, logger, options, store) where TAuthorization : class
{
    public override async ValueTask<bool> TryRevokeAsync(TAuthorization authorization, CancellationToken cancellationToken = default)
    {
        var revoked = await base.TryRevokeAsync(authorization, cancellationToken);
        if (revoked && await GetIdAsync(authorization, cancellationToken) is { } id) connections.RevokeAuthorization(id);
        return revoked;
    }

    public override async ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeBySubjectAsync(subject, cancellationToken);
        connections.RevokeUser(subject);
        return count;
    }

    public override async ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeAsync(subject, client, status, type, cancellationToken);
        // Which of the subject's authorizations matched is not returned: ending all of its connections is safe.
        if (count > 0 && subject is not null) connections.RevokeUser(subject);
        return count;
    }
}

/// <summary>OpenIddict's token manager, telling <see cref="IConnectionRevocations"/> of each revocation.</summary>
public sealed class RevokingTokenManager<TToken>(
    IOpenIddictTokenCache<TToken> cache,
    ILogger<OpenIddictTokenManager<TToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<TToken> store,
    IConnectionRevocations connections)
    : OpenIddictTokenManager<TToken>(cache, logger, options, store) where TToken : class
{
    public override async ValueTask<bool> TryRevokeAsync(TToken token, CancellationToken cancellationToken = default)
    {
        var revoked = await base.TryRevokeAsync(token, cancellationToken);
        if (revoked && await GetIdAsync(token, cancellationToken) is { } id) connections.RevokeToken(id);
        return revoked;
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
        connections.RevokeAuthorization(identifier);
        return count;
    }

    public override async ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeBySubjectAsync(subject, cancellationToken);
        connections.RevokeUser(subject);
        return count;
    }

    public override async ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken = default)
    {
        var count = await base.RevokeAsync(subject, client, status, type, cancellationToken);
        if (count > 0 && subject is not null) connections.RevokeUser(subject);
        return count;
    }
}
