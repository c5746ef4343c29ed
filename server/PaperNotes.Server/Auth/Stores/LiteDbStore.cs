using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LiteDB;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>
/// What the four OpenIddict LiteDB stores share: reads straight from the database, writes through the durable writer.
/// An update or delete compares the concurrency token and writes inside the same writer delegate; the writer runs one
/// delegate at a time, so nothing can slip between the check and the write.
/// </summary>
public abstract class LiteDbStore<TEntity>(PaperNotesDatabase database, IDurableWriter writer, string collectionName)
    where TEntity : class, ILiteDbEntity, new()
{
    static LiteDbStore() => LiteDbMapping.EnsureBuilt();

    protected PaperNotesDatabase Database { get; } = database;

    protected IDurableWriter Writer { get; } = writer;

    protected string CollectionName { get; } = collectionName;

    /// <summary>The collection for reads; never write through it outside <see cref="IDurableWriter"/>.</summary>
    protected ILiteCollection<TEntity> Collection => Database.Database.GetCollection<TEntity>(CollectionName);

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.CountAsync(CancellationToken)"/>
    public virtual ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(Collection.LongCount());

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.CountAsync{TResult}(Func{IQueryable{TToken}, IQueryable{TResult}}, CancellationToken)"/>
    public virtual ValueTask<long> CountAsync<TResult>(Func<IQueryable<TEntity>, IQueryable<TResult>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // LiteDB has no IQueryable provider: the query runs in memory over the collection.
        return new(query(Collection.FindAll().ToList().AsQueryable()).LongCount());
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.CreateAsync(TToken, CancellationToken)"/>
    public virtual async ValueTask CreateAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var document = Database.Database.Mapper.ToDocument(entity);
        await Writer.WriteLiteDbAsync(c => c.GetCollection(CollectionName).Insert(document), cancellationToken);
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.DeleteAsync(TToken, CancellationToken)"/>
    public virtual async ValueTask DeleteAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var (id, expected) = (entity.Id, entity.ConcurrencyToken);
        var deleted = await Writer.WriteLiteDbAsync(c =>
        {
            var collection = c.GetCollection(CollectionName);
            if (!IsCurrent(collection, id, expected) || !collection.Delete(id)) return false;
            DeleteDependents(c, id);
            return true;
        }, cancellationToken);
        if (!deleted) throw new OpenIddictExceptions.ConcurrencyException(ConcurrencyFailure);
    }

    /// <summary>
    /// Deletes what belongs to the deleted entity (an authorization's tokens, say), in the same transaction.
    /// Runs on the writer thread.
    /// </summary>
    protected virtual void DeleteDependents(ILiteDatabase database, string id) { }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.UpdateAsync(TToken, CancellationToken)"/>
    public virtual async ValueTask UpdateAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var expected = entity.ConcurrencyToken;
        var next = Guid.NewGuid().ToString();
        // Snapshot now: the writer may run the delegate twice (a failing neighbour in its group rolls all back).
        var document = Database.Database.Mapper.ToDocument(entity);
        document[nameof(ILiteDbEntity.ConcurrencyToken)] = next;
        var updated = await Writer.WriteLiteDbAsync(c =>
        {
            var collection = c.GetCollection(CollectionName);
            return IsCurrent(collection, entity.Id, expected) && collection.Update(document);
        }, cancellationToken);
        if (!updated) throw new OpenIddictExceptions.ConcurrencyException(ConcurrencyFailure);
        entity.ConcurrencyToken = next;
    }

    /// <summary>Ordinal comparison in C#: LiteDB's own string comparison ignores case.</summary>
    private static bool IsCurrent(ILiteCollection<BsonDocument> collection, string id, string? expected)
    {
        var current = collection.FindById(id);
        return current is not null && string.Equals(
            current[nameof(ILiteDbEntity.ConcurrencyToken)].AsString, expected, StringComparison.Ordinal);
    }

    /// <summary>Sets <paramref name="change"/> on every document matching <paramref name="filter"/> in one durable write.</summary>
    protected async ValueTask<long> UpdateManyAsync(BsonExpression filter, Action<BsonDocument> change, CancellationToken cancellationToken)
    {
        return await Writer.WriteLiteDbAsync(c =>
        {
            var collection = c.GetCollection(CollectionName);
            long count = 0;
            foreach (var document in collection.Find(filter).ToList())
            {
                change(document);
                document[nameof(ILiteDbEntity.ConcurrencyToken)] = Guid.NewGuid().ToString();
                if (collection.Update(document)) count++;
            }
            return count;
        }, cancellationToken);
    }

    /// <summary>Deletes the documents with these ids and their dependents, <see cref="DeletesPerWrite"/> per durable write.</summary>
    protected async ValueTask<long> DeleteManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (var chunk in ids.Chunk(DeletesPerWrite))
        {
            deleted += await Writer.WriteLiteDbAsync(c =>
            {
                var collection = c.GetCollection(CollectionName);
                return chunk.LongCount(id =>
                {
                    DeleteDependents(c, id);
                    return collection.Delete(id);
                });
            }, cancellationToken);
        }
        return deleted;
    }

    /// <summary>Small commits, so that a large prune never holds up sign-ins and syncs behind the one writer for long.</summary>
    private const int DeletesPerWrite = 1000;

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.FindByIdAsync(string, CancellationToken)"/>
    public virtual ValueTask<TEntity?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return new(Collection.FindById(identifier));
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.GetIdAsync(TToken, CancellationToken)"/>
    public virtual ValueTask<string?> GetIdAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id);
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.GetAsync{TState, TResult}(Func{IQueryable{TToken}, TState, IQueryable{TResult}}, TState, CancellationToken)"/>
    public virtual ValueTask<TResult?> GetAsync<TState, TResult>(
        Func<IQueryable<TEntity>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query(Collection.FindAll().ToList().AsQueryable(), state).FirstOrDefault());
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.InstantiateAsync(CancellationToken)"/>
    public virtual ValueTask<TEntity> InstantiateAsync(CancellationToken cancellationToken) => new(new TEntity());

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.ListAsync(int?, int?, CancellationToken)"/>
    public virtual async IAsyncEnumerable<TEntity> ListAsync(int? count, int? offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = Collection.Query().OrderBy("_id").Offset(offset ?? 0).Limit(count ?? int.MaxValue).ToList();
        foreach (var entity in all)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entity;
        }
        await Task.CompletedTask;
    }

    /// <inheritdoc cref="IOpenIddictTokenStore{TToken}.ListAsync{TState, TResult}(Func{IQueryable{TToken}, TState, IQueryable{TResult}}, TState, CancellationToken)"/>
    public virtual IAsyncEnumerable<TResult> ListAsync<TState, TResult>(
        Func<IQueryable<TEntity>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query(Collection.FindAll().ToList().AsQueryable(), state).ToList().ToAsyncEnumerable();
    }

    /// <summary>Documents matching <paramref name="filter"/>, as an async sequence.</summary>
    // Materialised at once: a LiteDB cursor must not stay open across the caller's awaits.
    protected IAsyncEnumerable<TEntity> FindMany(BsonExpression filter) => Collection.Find(filter).ToList().ToAsyncEnumerable();

    /// <summary>An equality filter over every non-null pair, or all documents when none is set.</summary>
    protected static BsonExpression Matching(params (string Field, string? Value)[] fields)
    {
        var clauses = fields.Where(f => f.Value is not null).Select(f => Query.EQ(f.Field, f.Value)).ToArray();
        return clauses.Length switch { 0 => BsonExpression.Create("true"), 1 => clauses[0], _ => Query.And(clauses) };
    }

    /// <summary>The filter of OpenIddict's find and revoke calls on authorizations and tokens (same field names in both).</summary>
    protected static BsonExpression MatchingGrant(string? subject, string? client, string? status, string? type) => Matching(
        (nameof(LiteDbToken.Subject), subject),
        (nameof(LiteDbToken.ApplicationId), client),
        (nameof(LiteDbToken.Status), status),
        (nameof(LiteDbToken.Type), type));

    /// <summary>Marks every match revoked, in one durable write.</summary>
    protected ValueTask<long> RevokeWhereAsync(BsonExpression filter, CancellationToken cancellationToken) =>
        UpdateManyAsync(filter, document => document[nameof(LiteDbToken.Status)] = OpenIddictConstants.Statuses.Revoked, cancellationToken);

    /// <summary>Marks revoked every document whose <paramref name="field"/> is <paramref name="value"/>.</summary>
    protected ValueTask<long> RevokeWhereAsync(string field, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return RevokeWhereAsync(Query.EQ(field, value), cancellationToken);
    }

    protected const string ConcurrencyFailure =
        "The entity was changed or deleted by someone else since it was read. Reload it and try again.";

    protected static ImmutableDictionary<string, JsonElement> ReadProperties(string? json)
    {
        if (string.IsNullOrEmpty(json)) return ImmutableDictionary<string, JsonElement>.Empty;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.Clone());
    }

    protected static string? WriteProperties(ImmutableDictionary<string, JsonElement> properties) =>
        properties is null || properties.IsEmpty ? null : System.Text.Json.JsonSerializer.Serialize(properties);

    protected static ImmutableDictionary<CultureInfo, string> ReadLocalized(Dictionary<string, string>? values) =>
        values is null ? ImmutableDictionary<CultureInfo, string>.Empty
            : values.ToImmutableDictionary(v => CultureInfo.GetCultureInfo(v.Key), v => v.Value);

    protected static Dictionary<string, string> WriteLocalized(ImmutableDictionary<CultureInfo, string> values) =>
        values is null ? [] : values.ToDictionary(v => v.Key.Name, v => v.Value);

    /// <summary>LiteDB may hand dates back in local time; OpenIddict wants UTC.</summary>
    protected static DateTimeOffset? ReadDate(DateTime? date) =>
        date is null ? null : new DateTimeOffset(date.Value.ToUniversalTime(), TimeSpan.Zero);

    protected static DateTime? WriteDate(DateTimeOffset? date) => date?.UtcDateTime;

    protected static ImmutableArray<string> ReadList(List<string>? values) =>
        values is null ? [] : [.. values];

    protected static List<string> WriteList(ImmutableArray<string> values) =>
        values.IsDefaultOrEmpty ? [] : [.. values];
}
