using System.Text.Json.Nodes;
using LiteDB;
using Npgsql;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Papers;

/// <summary>What is stored of one paper for one reader: the shared record, and that reader's own view (either may be absent).</summary>
internal sealed record PaperDocuments(JsonObject? Shared, JsonObject? Own);

/// <summary>One paper's shared record and one user's view to store; <c>…Existed</c> says whether the lock found each.</summary>
internal sealed record PaperWrite(string Id, JsonObject Shared, JsonObject Own, bool SharedExisted, bool OwnExisted);

/// <summary>Papers a user has captured on <see cref="Day"/> (UTC); another day counts from zero.</summary>
internal sealed record CaptureQuota(DateOnly Day, int Papers);

/// <summary>
/// Where <see cref="PaperCatalog"/> keeps its documents: <c>papers</c> (the shared record of each paper),
/// <c>paper_views</c> (each user's view of each paper they captured) and <c>capture_quotas</c> (each user's count today).
/// </summary>
internal interface IPaperRecords
{
    /// <summary>The shared records of <paramref name="ids"/> and, with a viewer, that viewer's views; ids with neither are absent.</summary>
    Task<IReadOnlyDictionary<string, PaperDocuments>> FindAsync(IReadOnlyCollection<string> ids, string? viewerId,
        CancellationToken cancellationToken = default);

    /// <summary>The same for <paramref name="userId"/>, locked against other writes until this one commits.</summary>
    Task<IReadOnlyDictionary<string, PaperDocuments>> LockAsync(WriteContext context, IReadOnlyCollection<string> ids, string userId);

    /// <summary>
    /// Stores each paper's shared record and <paramref name="userId"/>'s view. A document that the lock did not find and a
    /// concurrent write stored first makes this write fail and run again (then merging into that one).
    /// </summary>
    Task SaveAsync(WriteContext context, string userId, IReadOnlyList<PaperWrite> papers);

    /// <summary>The user's capture count, locked against other writes until this one commits.</summary>
    Task<CaptureQuota?> LockQuotaAsync(WriteContext context, string userId);

    Task SaveQuotaAsync(WriteContext context, string userId, CaptureQuota quota, bool existed);
}

/// <summary>Collections <c>papers</c>, <c>paper_views</c> (id "user paper") and <c>capture_quotas</c> (id user).</summary>
internal sealed class LiteDbPaperRecords(PaperNotesDatabase database) : IPaperRecords
{
    private const string Papers = "papers";
    private const string Views = "paper_views";
    private const string Quotas = "capture_quotas";

    public Task<IReadOnlyDictionary<string, PaperDocuments>> FindAsync(IReadOnlyCollection<string> ids, string? viewerId,
        CancellationToken cancellationToken = default) => Task.FromResult(Find(database.Database, ids, viewerId));

    // The writer thread serialises every write: nothing else can change these documents meanwhile.
    public Task<IReadOnlyDictionary<string, PaperDocuments>> LockAsync(WriteContext context, IReadOnlyCollection<string> ids, string userId) =>
        Task.FromResult(Find(context.LiteDb(), ids, userId));

    public Task SaveAsync(WriteContext context, string userId, IReadOnlyList<PaperWrite> papers)
    {
        var db = context.LiteDb();
        foreach (var paper in papers)
        {
            db.GetCollection(Papers).Upsert(WithId(paper.Shared, paper.Id));
            db.GetCollection(Views).Upsert(WithId(paper.Own, ViewId(userId, paper.Id)));
        }
        return Task.CompletedTask;
    }

    public Task<CaptureQuota?> LockQuotaAsync(WriteContext context, string userId) =>
        Task.FromResult(context.LiteDb().GetCollection(Quotas).FindById(userId) is { } quota
            ? new CaptureQuota(DateOnly.ParseExact(quota["day"].AsString, "yyyy-MM-dd"), quota["papers"].AsInt32)
            : null);

    public Task SaveQuotaAsync(WriteContext context, string userId, CaptureQuota quota, bool existed)
    {
        context.LiteDb().GetCollection(Quotas).Upsert(
            new BsonDocument { ["_id"] = userId, ["day"] = quota.Day.ToString("yyyy-MM-dd"), ["papers"] = quota.Papers });
        return Task.CompletedTask;
    }

    private static string ViewId(string userId, string paperId) => userId + " " + paperId;

    private static BsonDocument WithId(JsonObject json, string id)
    {
        var document = LiteDbJson.ToBson(json);
        document["_id"] = id;
        return document;
    }

    private static IReadOnlyDictionary<string, PaperDocuments> Find(ILiteDatabase db, IReadOnlyCollection<string> ids, string? viewerId)
    {
        var papers = db.GetCollection(Papers);
        var views = db.GetCollection(Views);
        var found = new Dictionary<string, PaperDocuments>();
        foreach (var id in ids)
        {
            var shared = papers.FindById(id);
            var own = viewerId is null ? null : views.FindById(ViewId(viewerId, id));
            if (shared is not null || own is not null)
                found[id] = new PaperDocuments(shared is null ? null : LiteDbJson.ToJson(shared, "_id"),
                    own is null ? null : LiteDbJson.ToJson(own, "_id"));
        }
        return found;
    }
}

/// <summary>Tables <c>papers</c>, <c>paper_views</c> and <c>capture_quotas</c>, documents as JSON.</summary>
internal sealed class PostgresPaperRecords(PostgresDatabase database) : IPaperRecords
{
    public async Task<IReadOnlyDictionary<string, PaperDocuments>> FindAsync(IReadOnlyCollection<string> ids, string? viewerId,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection.Command, ids, viewerId, "", cancellationToken);
    }

    // In id order, so two captures locking overlapping papers cannot deadlock.
    public Task<IReadOnlyDictionary<string, PaperDocuments>> LockAsync(WriteContext context, IReadOnlyCollection<string> ids, string userId) =>
        ReadAsync(((PostgresWriteContext)context).Command, ids, userId, " ORDER BY 1 FOR UPDATE", CancellationToken.None);

    private static async Task<IReadOnlyDictionary<string, PaperDocuments>> ReadAsync(Func<string, NpgsqlCommand> command,
        IReadOnlyCollection<string> ids, string? viewerId, string suffix, CancellationToken cancellationToken)
    {
        var keys = ids.Distinct().ToArray();
        await using var papers = command("SELECT id, paper::text FROM papers WHERE id = ANY($1)" + suffix).Bind((object)keys); // one array parameter, not one per id
        var shared = (await papers.ReadAllAsync(Read, cancellationToken)).ToDictionary(r => r.Id, r => r.Document);
        var own = new Dictionary<string, JsonObject>();
        if (viewerId is not null)
        {
            await using var views = command("SELECT paper_id, paper::text FROM paper_views WHERE user_id = $2 AND paper_id = ANY($1)" + suffix)
                .Bind(keys, viewerId);
            own = (await views.ReadAllAsync(Read, cancellationToken)).ToDictionary(r => r.Id, r => r.Document);
        }
        return shared.Keys.Union(own.Keys).ToDictionary(id => id,
            id => new PaperDocuments(shared.GetValueOrDefault(id), own.GetValueOrDefault(id)));
    }

    public async Task SaveAsync(WriteContext context, string userId, IReadOnlyList<PaperWrite> papers)
    {
        var pg = (PostgresWriteContext)context;
        foreach (var paper in papers.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            // Plain INSERTs for what the lock did not find: a concurrent insert is a unique violation, and the rerun
            // merges into it.
            await using (var shared = pg.Command(paper.SharedExisted
                ? "UPDATE papers SET paper = $2::json WHERE id = $1"
                : "INSERT INTO papers (id, paper) VALUES ($1, $2::json)").Bind(paper.Id, paper.Shared.ToJsonString()))
                await shared.ExecuteNonQueryAsync();
            await using var own = pg.Command(paper.OwnExisted
                ? "UPDATE paper_views SET paper = $3::json WHERE user_id = $1 AND paper_id = $2"
                : "INSERT INTO paper_views (user_id, paper_id, paper) VALUES ($1, $2, $3::json)")
                .Bind(userId, paper.Id, paper.Own.ToJsonString());
            await own.ExecuteNonQueryAsync();
        }
    }

    public async Task<CaptureQuota?> LockQuotaAsync(WriteContext context, string userId)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("SELECT day, papers FROM capture_quotas WHERE user_id = $1 FOR UPDATE").Bind(userId);
        return await command.ReadOneAsync(r => new CaptureQuota(r.GetFieldValue<DateOnly>(0), r.GetInt32(1)));
    }

    public async Task SaveQuotaAsync(WriteContext context, string userId, CaptureQuota quota, bool existed)
    {
        await using var command = ((PostgresWriteContext)context).Command(existed
            ? "UPDATE capture_quotas SET day = $2, papers = $3 WHERE user_id = $1"
            : "INSERT INTO capture_quotas (user_id, day, papers) VALUES ($1, $2, $3)").Bind(userId, quota.Day, quota.Papers);
        await command.ExecuteNonQueryAsync();
    }

    private static (string Id, JsonObject Document) Read(NpgsqlDataReader reader) =>
        (reader.GetString(0), JsonNode.Parse(reader.GetString(1))!.AsObject());
}
