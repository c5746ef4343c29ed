using System.Collections.Immutable;
using System.Text.Json;
using LiteDB;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>The authorizations in LiteDB.</summary>
public class LiteDbAuthorizationStore<TAuthorization>(PaperNotesDatabase database, IDurableWriter writer)
    : LiteDbStore<TAuthorization>(database, writer, LiteDbCollections.Authorizations), IOpenIddictAuthorizationStore<TAuthorization>
    where TAuthorization : LiteDbAuthorization, new()
{
    /// <summary>Deleting an authorization deletes its tokens with it.</summary>
    protected override void DeleteDependents(ILiteDatabase database, string id) =>
        database.GetCollection(LiteDbCollections.Tokens).DeleteMany(Query.EQ(nameof(LiteDbToken.AuthorizationId), id));

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TAuthorization> FindAsync(string? subject, string? client, string? status, string? type,
        ImmutableArray<string>? scopes, CancellationToken cancellationToken)
    {
        var found = Collection.Find(MatchingGrant(subject, client, status, type));
        if (scopes is { IsDefaultOrEmpty: false } required)
            found = found.Where(a => required.All(scope => a.Scopes.Contains(scope, StringComparer.Ordinal)));
        return found.ToList().ToAsyncEnumerable();
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TAuthorization> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return FindMany(Query.EQ(nameof(LiteDbAuthorization.ApplicationId), identifier));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TAuthorization> FindBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return FindMany(Query.EQ(nameof(LiteDbAuthorization.Subject), subject));
    }

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetApplicationIdAsync(TAuthorization authorization, CancellationToken cancellationToken) => new(authorization.ApplicationId);

    /// <inheritdoc/>
    public virtual ValueTask<DateTimeOffset?> GetCreationDateAsync(TAuthorization authorization, CancellationToken cancellationToken) =>
        new(ReadDate(authorization.CreationDate));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(TAuthorization authorization, CancellationToken cancellationToken) =>
        new(ReadProperties(authorization.Properties));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetScopesAsync(TAuthorization authorization, CancellationToken cancellationToken) =>
        new(ReadList(authorization.Scopes));

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetStatusAsync(TAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Status);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetSubjectAsync(TAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Subject);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetTypeAsync(TAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Type);

    /// <inheritdoc/>
    public virtual async ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        // Candidates are read outside the writer; the delete re-checks nothing because a pruned entry is already
        // dead (not valid, or ad hoc with no token left) and nothing revives one.
        var tokens = Database.Database.GetCollection<LiteDbToken>(LiteDbCollections.Tokens);
        var dead = Collection.Find(Query.LT(nameof(LiteDbAuthorization.CreationDate), threshold.UtcDateTime))
            .Where(a => a.Status != Statuses.Valid ||
                        (a.Type == AuthorizationTypes.AdHoc && !tokens.Exists(Query.EQ(nameof(LiteDbToken.AuthorizationId), a.Id))))
            .Select(a => a.Id).Take(100_000).ToList();
        return await DeleteManyAsync(dead, cancellationToken);
    }

    /// <summary>
    /// Deletes the ad-hoc authorizations created before <paramref name="threshold"/> that never got a token beyond their
    /// authorization code: sign-ins whose code was never redeemed (each authorize request stores one). Their codes go
    /// with them. Candidates are read outside the writer: once the code has expired nothing can redeem it.
    /// </summary>
    public virtual async ValueTask<long> PruneAbandonedAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        var tokens = Database.Database.GetCollection<LiteDbToken>(LiteDbCollections.Tokens);
        var abandoned = Collection.Find(Query.LT(nameof(LiteDbAuthorization.CreationDate), threshold.UtcDateTime))
            .Where(a => a.Type == AuthorizationTypes.AdHoc &&
                        tokens.Find(Query.EQ(nameof(LiteDbToken.AuthorizationId), a.Id))
                            .All(t => t.Type == TokenTypeIdentifiers.Private.AuthorizationCode))
            .Select(a => a.Id).Take(100_000).ToList();
        return await DeleteManyAsync(abandoned, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) =>
        RevokeWhereAsync(MatchingGrant(subject, client, status, type), cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken) =>
        RevokeWhereAsync(nameof(LiteDbAuthorization.ApplicationId), identifier, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        RevokeWhereAsync(nameof(LiteDbAuthorization.Subject), subject, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask SetApplicationIdAsync(TAuthorization authorization, string? identifier, CancellationToken cancellationToken)
    {
        authorization.ApplicationId = identifier;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetCreationDateAsync(TAuthorization authorization, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        authorization.CreationDate = WriteDate(date);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPropertiesAsync(TAuthorization authorization, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        authorization.Properties = WriteProperties(properties);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetScopesAsync(TAuthorization authorization, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        authorization.Scopes = WriteList(scopes);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetStatusAsync(TAuthorization authorization, string? status, CancellationToken cancellationToken)
    {
        authorization.Status = status;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetSubjectAsync(TAuthorization authorization, string? subject, CancellationToken cancellationToken)
    {
        authorization.Subject = subject;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetTypeAsync(TAuthorization authorization, string? type, CancellationToken cancellationToken)
    {
        authorization.Type = type;
        return default;
    }
}
