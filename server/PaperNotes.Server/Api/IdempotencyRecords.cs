using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Api;

/// <summary>One keyed POST's first response, by the hash of its caller and key.</summary>
public sealed record IdempotencyRecord(string Id, string Fingerprint, string Response, DateTimeOffset CreatedAt);

/// <summary>Where <see cref="IdempotencyStore"/> keeps its records, always inside the caller's write.</summary>
public interface IIdempotencyRecords
{
    Task<IdempotencyRecord?> FindAsync(WriteContext context, string id);

    /// <summary>
    /// Keeps <paramref name="record"/>, replacing an expired one of the same id when <paramref name="replacing"/>. A
    /// fresh record must be new: when a concurrent request with the same key saved first, this write fails (and runs
    /// again, then finding that record).
    /// </summary>
    Task SaveAsync(WriteContext context, IdempotencyRecord record, bool replacing);

    /// <summary>Deletes records made before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> PruneAsync(WriteContext context, DateTimeOffset cutoff);
}

/// <summary>Collection <c>idempotency</c>, <c>createdAt</c> in Unix milliseconds.</summary>
internal sealed class LiteDbIdempotencyRecords : IIdempotencyRecords
{
    private const string Collection = "idempotency";

    public static void EnsureIndexes(ILiteDatabase db) => db.GetCollection(Collection).EnsureIndex("createdAt");

    public Task<IdempotencyRecord?> FindAsync(WriteContext context, string id) =>
        Task.FromResult(context.LiteDb().GetCollection(Collection).FindById(id) is { } d
            ? new IdempotencyRecord(id, d["fingerprint"].AsString, d["response"].AsString,
                DateTimeOffset.FromUnixTimeMilliseconds(d["createdAt"].AsInt64))
            : null);

    public Task SaveAsync(WriteContext context, IdempotencyRecord record, bool replacing)
    {
        // One writer thread: nothing can have saved the same id since this write looked.
        context.LiteDb().GetCollection(Collection).Upsert(new BsonDocument
        {
            ["_id"] = record.Id,
            ["fingerprint"] = record.Fingerprint,
            ["response"] = record.Response,
            ["createdAt"] = record.CreatedAt.ToUnixTimeMilliseconds(),
        });
        return Task.CompletedTask;
    }

    public Task<int> PruneAsync(WriteContext context, DateTimeOffset cutoff) =>
        Task.FromResult(context.LiteDb().GetCollection(Collection)
            .DeleteMany(LiteDB.Query.LT("createdAt", cutoff.ToUnixTimeMilliseconds())));
}

/// <summary>Table <c>idempotency</c>.</summary>
internal sealed class PostgresIdempotencyRecords : IIdempotencyRecords
{
    public async Task<IdempotencyRecord?> FindAsync(WriteContext context, string id)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("SELECT fingerprint, response, created_at FROM idempotency WHERE id = $1").Bind(id);
        return await command.ReadOneAsync(r =>
            new IdempotencyRecord(id, r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
    }

    public async Task SaveAsync(WriteContext context, IdempotencyRecord record, bool replacing)
    {
        // A plain INSERT: a concurrent first request with the same key makes it a unique violation, and the writer
        // runs this write again, which then replays that request's response instead of writing twice.
        await using var command = ((PostgresWriteContext)context).Command(replacing
            ? "UPDATE idempotency SET fingerprint = $2, response = $3, created_at = $4 WHERE id = $1"
            : "INSERT INTO idempotency (id, fingerprint, response, created_at) VALUES ($1, $2, $3, $4)")
            .Bind(record.Id, record.Fingerprint, record.Response, record.CreatedAt);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> PruneAsync(WriteContext context, DateTimeOffset cutoff)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("DELETE FROM idempotency WHERE created_at < $1").Bind(cutoff);
        return await command.ExecuteNonQueryAsync();
    }
}
