using System.Text.Json;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Library;

/// <summary>
/// <see cref="ILibraryStore"/> on LiteDB: collections <c>libraries</c>, <c>members</c> and <c>objects</c>. Items,
/// annotations, collection and member entries all live in <c>objects</c>, so they share the change feed, tombstones,
/// preconditions and batches. Every call completes synchronously (the group commit runs writes on its one thread).
/// </summary>
public sealed class LiteDbLibraryStore(
    PaperNotesDatabase database, IDurableWriter writer, ILibraryChangePublisher publisher, TimeProvider time)
    : ILibraryStore
{
    private const string Libraries = "libraries";
    private const string Members = "members";
    private const string Objects = "objects";
    private const string Counters = "counters";

    // Feed index key: library number, then version, in one decimal so one index range is one library's feed in order
    // (LiteDB has no compound indexes, and its string order is culture-aware, so a numeric key is the safe one).
    private const decimal VersionsPerLibrary = 1_000_000_000_000_000_000m;

    private ILiteDatabase Db => database.Database;

    /// <summary>Creates the indexes the queries below rely on. Idempotent; run once at start.</summary>
    public static void EnsureIndexes(ILiteDatabase db)
    {
        db.GetCollection(Objects).EnsureIndex("feed", "$.feed");
        db.GetCollection(Objects).EnsureIndex("deletedAt", "$.deletedAt");
        db.GetCollection(Members).EnsureIndex("userId", "$.userId");
        db.GetCollection(Members).EnsureIndex("libraryId", "$.libraryId");
        db.GetCollection(Libraries).EnsureIndex("personalOf", "$.personalOf");
    }

    public Task<LibraryRecord?> FindAsync(string libraryId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(libraryId));

    private LibraryRecord? Find(string libraryId) => ToLibrary(Db.GetCollection(Libraries).FindById(libraryId));

    public Task<string?> RoleOfAsync(string libraryId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Db.GetCollection(Members).FindById(MemberId(libraryId, userId))?["role"].AsString);

    public Task<IReadOnlyList<(LibraryRecord Library, string Role)>> LibrariesOfAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<(LibraryRecord, string)>>([.. Db.GetCollection(Members).Find(LiteDB.Query.EQ("userId", userId))
            .Select(m => (Library: Find(m["libraryId"].AsString), Role: m["role"].AsString))
            .Where(m => m.Library is not null)
            .Select(m => (m.Library!, m.Role))
            .OrderBy(m => m.Item1.Kind == LibraryKinds.Personal ? 0 : 1).ThenBy(m => m.Item1.Name, StringComparer.OrdinalIgnoreCase)]);

    public Task<string?> PersonalLibraryIdOfAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Db.GetCollection(Libraries).FindOne(LiteDB.Query.EQ("personalOf", userId))?["_id"].AsString);

    /// <summary>
    /// Creates a library with its owner's membership in the caller's commit, and tells the owner's connections that
    /// their set of libraries changed once it is durable.
    /// </summary>
    public async Task<LibraryRecord> CreateLibraryAsync(WriteContext context, string kind, string name, string description,
        string ownerId, string ownerUsername)
    {
        var counters = context.LiteDb().GetCollection(Counters);
        var number = (counters.FindById(Libraries)?["value"].AsInt64 ?? 0) + 1;
        counters.Upsert(new BsonDocument { ["_id"] = Libraries, ["value"] = number });
        var library = new LibraryRecord(Guid.NewGuid().ToString("N"), kind, name, description, ownerId, 0, 0, number);
        var document = ToDocument(library);
        if (kind == LibraryKinds.Personal) document["personalOf"] = ownerId;
        context.LiteDb().GetCollection(Libraries).Insert(document);
        await SetMemberAsync(context, library.Id, ownerId, ownerUsername, LibraryRoles.Owner);
        return library;
    }

    /// <summary>Adds or changes a membership; the user's connections hear of it after the commit.</summary>
    public Task SetMemberAsync(WriteContext context, string libraryId, string userId, string username, string role)
    {
        context.LiteDb().GetCollection(Members).Upsert(new BsonDocument
        {
            ["_id"] = MemberId(libraryId, userId),
            ["libraryId"] = libraryId,
            ["userId"] = userId,
            ["username"] = username,
            ["role"] = role,
        });
        context.AfterCommit(() => publisher.LibrariesChanged(userId));
        return Task.CompletedTask;
    }

    /// <summary>Removes a membership; the user's connections hear of it after the commit.</summary>
    public Task<bool> RemoveMemberAsync(WriteContext context, string libraryId, string userId) =>
        Task.FromResult(RemoveMember(context, libraryId, userId));

    private bool RemoveMember(WriteContext context, string libraryId, string userId)
    {
        var removed = context.LiteDb().GetCollection(Members).Delete(MemberId(libraryId, userId));
        if (removed) context.AfterCommit(() => publisher.LibrariesChanged(userId));
        return removed;
    }

    /// <summary>Every member of the library with their role, in no particular order.</summary>
    public Task<IReadOnlyList<LibraryMember>> MembersOfAsync(string libraryId, CancellationToken cancellationToken = default) =>
        Task.FromResult(MembersOf(libraryId));

    private IReadOnlyList<LibraryMember> MembersOf(string libraryId) =>
        [.. Db.GetCollection(Members).Find(LiteDB.Query.EQ("libraryId", libraryId))
            .Select(m => new LibraryMember(m["userId"].AsString, m["username"].AsString, m["role"].AsString))];

    /// <summary>Renames or redescribes a library; its version is untouched (the caller commits the change it shows).</summary>
    public Task DescribeAsync(WriteContext context, string libraryId, string name, string description)
    {
        var libraries = context.LiteDb().GetCollection(Libraries);
        if (libraries.FindById(libraryId) is not { } document) return Task.CompletedTask;
        document["name"] = name;
        document["description"] = description;
        libraries.Update(document);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes a library with its objects; every member loses it, and their connections hear of it after the commit.
    /// </summary>
    public Task DeleteLibraryAsync(WriteContext context, string libraryId)
    {
        foreach (var member in MembersOf(libraryId)) RemoveMember(context, libraryId, member.UserId);
        context.LiteDb().GetCollection(Objects).DeleteMany(LiteDB.Query.EQ("libraryId", libraryId));
        context.LiteDb().GetCollection(Libraries).Delete(libraryId);
        return Task.CompletedTask;
    }

    /// <summary>The live object or tombstone, as the feed would show it.</summary>
    public Task<StoredObject?> FindObjectAsync(string libraryId, string kind, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(ToObject(Db.GetCollection(Objects).FindById(ObjectId(libraryId, kind, key))));

    /// <summary>Runs the writes in their own durable commit.</summary>
    public Task<CommitResult> CommitAsync(string libraryId, IReadOnlyList<ObjectWrite> writes, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(context => CommitAsync(context, libraryId, writes), cancellationToken);

    /// <summary>
    /// Applies the writes whose preconditions hold, in order, as one version of the library: the version goes up by one
    /// when anything changed and every object touched is stamped with it. Live sync hears of it after the commit.
    /// </summary>
    public Task<CommitResult> CommitAsync(WriteContext context, string libraryId, IReadOnlyList<ObjectWrite> writes)
    {
        var libraries = context.LiteDb().GetCollection(Libraries);
        var objects = context.LiteDb().GetCollection(Objects);
        var library = ToLibrary(libraries.FindById(libraryId));
        if (library is null)
            return Task.FromResult(new CommitResult(0, [.. writes.Select(_ => new WriteOutcome(WriteStatus.NotFound, null))]));

        var version = library.Version + 1;
        var now = time.GetUtcNow().UtcDateTime;
        var current = new Dictionary<(string Kind, string Key), StoredObject>();
        foreach (var write in writes)
            if (ToObject(objects.FindById(ObjectId(libraryId, write.Kind, write.Key))) is { } stored)
                current[(write.Kind, write.Key)] = stored;
        var (outcomes, changed) = LibraryCommits.Apply(writes, current, version, now);
        if (changed.Count == 0) return Task.FromResult(new CommitResult(library.Version, outcomes));

        foreach (var stored in changed) objects.Upsert(ToDocument(ObjectId(libraryId, stored.Kind, stored.Key), library, stored, now));
        libraries.Update(ToDocument(library with { Version = version }, libraries.FindById(libraryId)));
        var change = new LibraryChanged(libraryId, library.Version, version, [.. changed.Select(o => o.ToEntry())]);
        context.AfterCommit(() => publisher.Published(change));
        return Task.FromResult(new CommitResult(version, outcomes));
    }

    /// <summary>
    /// Objects of the library whose version is above <paramref name="since"/>, oldest first, tombstones included. A page
    /// never splits one version between pages, so <see cref="ChangePage.Version"/> is always a safe next <c>since</c>.
    /// </summary>
    public Task<ChangePage> ChangesAsync(LibraryRecord library, long since, int limit, CancellationToken cancellationToken = default) =>
        LibraryCommits.PageAsync(library, since, limit, (from, to, count) => Task.FromResult(FeedRange(library, from, to, count)));

    private List<ChangeEntry> FeedRange(LibraryRecord library, long fromVersion, long toVersion, int limit) =>
        [.. Db.GetCollection(Objects).Query()
            .Where("$.feed BETWEEN @0 AND @1", FeedKey(library.Number, fromVersion), FeedKey(library.Number, toVersion))
            .OrderBy("$.feed")
            .Limit(limit)
            .ToEnumerable()
            .Select(d => ToObject(d)!.ToEntry())];

    /// <summary>
    /// Drops tombstones deleted before <paramref name="cutoff"/> (at most <paramref name="max"/>), and raises each
    /// library's oldest answerable version past them so that clients behind it resync instead of missing deletes.
    /// </summary>
    public Task<int> PruneTombstonesAsync(WriteContext context, DateTime cutoff, int max)
    {
        var objects = context.LiteDb().GetCollection(Objects);
        var libraries = context.LiteDb().GetCollection(Libraries);
        var expired = objects.Find(LiteDB.Query.Between("deletedAt", 0L, ToUnixMs(cutoff)), limit: max).ToList();
        foreach (var library in expired.GroupBy(d => d["libraryId"].AsString))
        {
            var document = libraries.FindById(library.Key);
            var floor = library.Max(d => d["version"].AsInt64);
            if (document is not null && document["oldestVersion"].AsInt64 < floor)
            {
                document["oldestVersion"] = floor;
                libraries.Update(document);
            }
        }
        foreach (var tombstone in expired) objects.Delete(tombstone["_id"]);
        return Task.FromResult(expired.Count);
    }

    private static string MemberId(string libraryId, string userId) => libraryId + "|" + userId;

    private static string ObjectId(string libraryId, string kind, string key) => libraryId + "|" + kind + "|" + key;

    private static decimal FeedKey(long libraryNumber, long version) => libraryNumber * VersionsPerLibrary + version;

    private static long ToUnixMs(DateTime time) => new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static BsonDocument ToDocument(LibraryRecord library, BsonDocument? existing = null)
    {
        var document = existing ?? new BsonDocument();
        document["_id"] = library.Id;
        document["kind"] = library.Kind;
        document["name"] = library.Name;
        document["description"] = library.Description;
        document["ownerId"] = library.OwnerId;
        document["version"] = library.Version;
        document["oldestVersion"] = library.OldestAnswerableVersion;
        document["number"] = library.Number;
        return document;
    }

    private static LibraryRecord? ToLibrary(BsonDocument? d) => d is null ? null : new LibraryRecord(
        d["_id"].AsString, d["kind"].AsString, d["name"].AsString, d["description"].AsString, d["ownerId"].AsString,
        d["version"].AsInt64, d["oldestVersion"].AsInt64, d["number"].AsInt64);

    private static BsonDocument ToDocument(string id, LibraryRecord library, StoredObject stored, DateTime now) => new()
    {
        ["_id"] = id,
        ["libraryId"] = library.Id,
        ["kind"] = stored.Kind,
        ["key"] = stored.Key,
        ["version"] = stored.Version,
        ["feed"] = FeedKey(library.Number, stored.Version),
        ["deleted"] = stored.Deleted,
        // Numbers, not BSON dates: LiteDB hands dates back in local time.
        ["deletedAt"] = stored.Deleted ? ToUnixMs(now) : BsonValue.Null,
        ["data"] = stored.Data is { } data ? data.GetRawText() : BsonValue.Null,
    };

    private static StoredObject? ToObject(BsonDocument? d) => d is null ? null : new StoredObject(
        d["kind"].AsString, d["key"].AsString, d["version"].AsInt64, d["deleted"].AsBoolean,
        d["data"].IsString ? JsonSerializer.Deserialize<JsonElement>(d["data"].AsString) : null);
}
