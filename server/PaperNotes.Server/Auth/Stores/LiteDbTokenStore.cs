using System.Collections.Immutable;
using System.Text.Json;
using LiteDB;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>The token entries in LiteDB.</summary>
public class LiteDbTokenStore<TToken>(PaperNotesDatabase database, IDurableWriter writer, TimeProvider clock)
    : LiteDbStore<TToken>(database, writer, LiteDbCollections.Tokens), IOpenIddictTokenStore<TToken>
    where TToken : LiteDbToken, new()
{
    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TToken> FindAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) =>
        FindMany(MatchingGrant(subject, client, status, type));

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TToken> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return FindMany(Query.EQ(nameof(LiteDbToken.ApplicationId), identifier));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TToken> FindByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return FindMany(Query.EQ(nameof(LiteDbToken.AuthorizationId), identifier));
    }

    /// <inheritdoc/>
    public virtual ValueTask<TToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return new(Collection.FindOne(Query.EQ(nameof(LiteDbToken.ReferenceId), identifier)));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TToken> FindBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return FindMany(Query.EQ(nameof(LiteDbToken.Subject), subject));
    }

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetApplicationIdAsync(TToken token, CancellationToken cancellationToken) => new(token.ApplicationId);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetAuthorizationIdAsync(TToken token, CancellationToken cancellationToken) => new(token.AuthorizationId);

    /// <inheritdoc/>
    public virtual ValueTask<DateTimeOffset?> GetCreationDateAsync(TToken token, CancellationToken cancellationToken) => new(ReadDate(token.CreationDate));

    /// <inheritdoc/>
    public virtual ValueTask<DateTimeOffset?> GetExpirationDateAsync(TToken token, CancellationToken cancellationToken) => new(ReadDate(token.ExpirationDate));

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetPayloadAsync(TToken token, CancellationToken cancellationToken) => new(token.Payload);

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(TToken token, CancellationToken cancellationToken) =>
        new(ReadProperties(token.Properties));

    /// <inheritdoc/>
    public virtual ValueTask<DateTimeOffset?> GetRedemptionDateAsync(TToken token, CancellationToken cancellationToken) => new(ReadDate(token.RedemptionDate));

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetReferenceIdAsync(TToken token, CancellationToken cancellationToken) => new(token.ReferenceId);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetStatusAsync(TToken token, CancellationToken cancellationToken) => new(token.Status);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetSubjectAsync(TToken token, CancellationToken cancellationToken) => new(token.Subject);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetTypeAsync(TToken token, CancellationToken cancellationToken) => new(token.Type);

    /// <inheritdoc/>
    public virtual async ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken)
    {
        // A token is dead once it is neither valid nor inactive, has expired, or its authorization is no longer
        // valid; nothing revives a dead token, so the candidates can be read outside the writer.
        var authorizations = Database.Database.GetCollection<LiteDbAuthorization>(LiteDbCollections.Authorizations);
        var now = clock.GetUtcNow().UtcDateTime;
        var dead = Collection.Find(Query.LT(nameof(LiteDbToken.CreationDate), threshold.UtcDateTime))
            .Where(t => (t.Status != Statuses.Inactive && t.Status != Statuses.Valid) ||
                        t.ExpirationDate?.ToUniversalTime() < now ||
                        (t.AuthorizationId is not null && authorizations.FindById(t.AuthorizationId)?.Status != Statuses.Valid))
            .Select(t => t.Id).Take(100_000).ToList();
        return await DeleteManyAsync(dead, cancellationToken);
    }

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) =>
        RevokeWhereAsync(MatchingGrant(subject, client, status, type), cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken) =>
        RevokeWhereAsync(nameof(LiteDbToken.ApplicationId), identifier, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken) =>
        RevokeWhereAsync(nameof(LiteDbToken.AuthorizationId), identifier, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        RevokeWhereAsync(nameof(LiteDbToken.Subject), subject, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask SetApplicationIdAsync(TToken token, string? identifier, CancellationToken cancellationToken)
    {
        token.ApplicationId = identifier;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetAuthorizationIdAsync(TToken token, string? identifier, CancellationToken cancellationToken)
    {
        token.AuthorizationId = identifier;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetCreationDateAsync(TToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        token.CreationDate = WriteDate(date);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetExpirationDateAsync(TToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        token.ExpirationDate = WriteDate(date);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPayloadAsync(TToken token, string? payload, CancellationToken cancellationToken)
    {
        token.Payload = payload;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPropertiesAsync(TToken token, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        token.Properties = WriteProperties(properties);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetRedemptionDateAsync(TToken token, DateTimeOffset? date, CancellationToken cancellationToken)
    {
        token.RedemptionDate = WriteDate(date);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetReferenceIdAsync(TToken token, string? identifier, CancellationToken cancellationToken)
    {
        token.ReferenceId = identifier;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetStatusAsync(TToken token, string? status, CancellationToken cancellationToken)
    {
        token.Status = status;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetSubjectAsync(TToken token, string? subject, CancellationToken cancellationToken)
    {
        token.Subject = subject;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetTypeAsync(TToken token, string? type, CancellationToken cancellationToken)
    {
        token.Type = type;
        return default;
    }
}
