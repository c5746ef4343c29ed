using System.Text.Json;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>
/// <see cref="ILibraryStore"/> on LiteDB: collections <c>libraries</c>, <c>members</c> and <c>objects</c>. Items,
/// annotations, collection and member entries all live in <c>objects</c>, so they share the change feed, tombstones,
/// preconditions and batches.
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

    public LibraryRecord? Find(string libraryId) => ToLibrary(Db.GetCollection(Libraries).FindById(libraryId));

    /// <summary>The caller's role in the library, or null when they have none (then the library does not exist for them).</summary>
    public string? RoleOf(string libraryId, string userId) =>
        Db.GetCollection(Members).FindById(MemberId(libraryId, userId))?["role"].AsString;

    /// <summary>Every library the user is a member of with their role, the personal one first.</summary>
    public IReadOnlyList<(LibraryRecord Library, string Role)> LibrariesOf(string userId) =>
        [.. Db.GetCollection(Members).Find(LiteDB.Query.EQ("userId", userId))
            .Select(m => (Library: Find(m["libraryId"].AsString), Role: m["role"].AsString))
            .Where(m => m.Library is not null)
            .Select(m => (m.Library!, m.Role))
            .OrderBy(m => m.Item1.Kind == LibraryKinds.Personal ? 0 : 1).ThenBy(m => m.Item1.Name, StringComparer.OrdinalIgnoreCase)];

    public string? PersonalLibraryIdOf(string userId) =>
        Db.GetCollection(Libraries).FindOne(LiteDB.Query.EQ("personalOf", userId))?["_id"].AsString;

    /// <summary>
    /// Creates a library with its owner's membership in the caller's commit, and tells the owner's connections that
    /// their set of libraries changed once it is durable.
    /// </summary>
    public LibraryRecord CreateLibrary(WriteContext context, string kind, string name, string description,
        string ownerId, string ownerUsername)
    {
        var counters = context.Database.GetCollection(Counters);
        var number = (counters.FindById(Libraries)?["value"].AsInt64 ?? 0) + 1;
        counters.Upsert(new BsonDocument { ["_id"] = Libraries, ["value"] = number });
        var library = new LibraryRecord(Guid.NewGuid().ToString("N"), kind, name, description, ownerId, 0, 0, number);
        var document = ToDocument(library);
        if (kind == LibraryKinds.Personal) document["personalOf"] = ownerId;
        context.Database.GetCollection(Libraries).Insert(document);
        SetMember(context, library.Id, ownerId, ownerUsername, LibraryRoles.Owner);
        return library;
    }

    /// <summary>Adds or changes a membership; the user's connections hear of it after the commit.</summary>
    public void SetMember(WriteContext context, string libraryId, string userId, string username, string role)
    {
        context.Database.GetCollection(Members).Upsert(new BsonDocument
        {
            ["_id"] = MemberId(libraryId, userId),
            ["libraryId"] = libraryId,
            ["userId"] = userId,
            ["username"] = username,
            ["role"] = role,
        });
        context.AfterCommit(() => publisher.LibrariesChanged(userId));
    }

    /// <summary>Removes a membership; the user's connections hear of it after the commit.</summary>
    public bool RemoveMember(WriteContext context, string libraryId, string userId)
    {
        var removed = context.Database.GetCollection(Members).Delete(MemberId(libraryId, userId));
        if (removed) context.AfterCommit(() => publisher.LibrariesChanged(userId));
        return removed;
    }

    /// <summary>Every member of the library with their role, in no particular order.</summary>
    public IReadOnlyList<LibraryMember> MembersOf(string libraryId) =>
        [.. Db.GetCollection(Members).Find(LiteDB.Query.EQ("libraryId", libraryId))
            .Select(m => new LibraryMember(m["userId"].AsString, m["username"].AsString, m["role"].AsString))];

    /// <summary>Renames or redescribes a library; its version is untouched (the caller commits the change it shows).</summary>
    public void Describe(WriteContext context, string libraryId, string name, string description)
    {
        var libraries = context.Database.GetCollection(Libraries);
        if (libraries.FindById(libraryId) is not { } document) return;
        document["name"] = name;
        document["description"] = description;
        libraries.Update(document);
    }

    /// <summary>
    /// Deletes a library with its objects; every member loses it, and their connections hear of it after the commit.
    /// </summary>
    public void DeleteLibrary(WriteContext context, string libraryId)
    {
        foreach (var member in MembersOf(libraryId)) RemoveMember(context, libraryId, member.UserId);
        context.Database.GetCollection(Objects).DeleteMany(LiteDB.Query.EQ("libraryId", libraryId));
        context.Database.GetCollection(Libraries).Delete(libraryId);
    }

    /// <summary>The live object or tombstone, as the feed would show it.</summary>
    public StoredObject? FindObject(string libraryId, string kind, string key) =>
        ToObject(Db.GetCollection(Objects).FindById(ObjectId(libraryId, kind, key)));

    /// <summary>Runs the writes in their own durable commit.</summary>
    public Task<CommitResult> CommitAsync(string libraryId, IReadOnlyList<ObjectWrite> writes, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(context => Commit(context, libraryId, writes), cancellationToken);

    /// <summary>
    /// Applies the writes whose preconditions hold, in order, as one version of the library: the version goes up by one
    /// when anything changed and every object touched is stamped with it. Live sync hears of it after the commit.
    /// </summary>
    public CommitResult Commit(WriteContext context, string libraryId, IReadOnlyList<ObjectWrite> writes)
    {
        var libraries = context.Database.GetCollection(Libraries);
        var objects = context.Database.GetCollection(Objects);
        var library = ToLibrary(libraries.FindById(libraryId));
        if (library is null) return new CommitResult(0, [.. writes.Select(_ => new WriteOutcome(WriteStatus.NotFound, null))]);

        var version = library.Version + 1;
        var now = time.GetUtcNow().UtcDateTime;
        var outcomes = new List<WriteOutcome>(writes.Count);
        var changed = new List<ChangeEntry>();
        foreach (var write in writes)
        {
            var id = ObjectId(libraryId, write.Kind, write.Key);
            var current = ToObject(objects.FindById(id));
            var status = Decide(write, current);
            if (status is WriteStatus.Stale)
            {
                outcomes.Add(new WriteOutcome(status, current!.ToEntry()));
                continue;
            }
            if (status is not (WriteStatus.Created or WriteStatus.Updated or WriteStatus.Deleted))
            {
                outcomes.Add(new WriteOutcome(status, null));
                continue;
            }
            var data = write.Put is null
                ? (JsonElement?)null
                : JsonSerializer.SerializeToElement(write.Put(current is { Deleted: false } ? current : null, version, now), JsonSerializerOptions.Web);
            var stored = new StoredObject(write.Kind, write.Key, version, write.Put is null, data);
            objects.Upsert(ToDocument(id, library, stored, now));
            changed.RemoveAll(e => e.Kind == stored.Kind && e.Key == stored.Key);
            changed.Add(stored.ToEntry());
            outcomes.Add(new WriteOutcome(status, stored.ToEntry()));
        }
        if (changed.Count == 0) return new CommitResult(library.Version, outcomes);

        libraries.Update(ToDocument(library with { Version = version }, libraries.FindById(libraryId)));
        var change = new LibraryChanged(libraryId, library.Version, version, changed);
        context.AfterCommit(() => publisher.Published(change));
        return new CommitResult(version, outcomes);
    }

    /// <summary>Preconditions as Zotero's web API: creating needs no version, changing an existing object needs one.</summary>
    private static WriteStatus Decide(ObjectWrite write, StoredObject? current)
    {
        var expected = write.IfUnmodifiedSinceVersion;
        if (write.Put is null)
        {
            if (current is null) return WriteStatus.NotFound;
            if (current.Deleted) return WriteStatus.AlreadyDeleted;
            if (expected is null) return WriteStatus.PreconditionRequired;
            return current.Version > expected ? WriteStatus.Stale : WriteStatus.Deleted;
        }
        if (current is null) return WriteStatus.Created;
        // A tombstone newer than what the client saw means someone deleted it since: recreating would undo that.
        if (current.Deleted) return expected > 0 && current.Version > expected ? WriteStatus.Stale : WriteStatus.Created;
        if (expected is null) return WriteStatus.PreconditionRequired;
        return current.Version > expected ? WriteStatus.Stale : WriteStatus.Updated;
    }

    /// <summary>
    /// Objects of the library whose version is above <paramref name="since"/>, oldest first, tombstones included. A page
    /// never splits one version between pages, so <see cref="ChangePage.Version"/> is always a safe next <c>since</c>.
    /// </summary>
    public ChangePage Changes(LibraryRecord library, long since, int limit)
    {
        if (since >= library.Version) return new ChangePage(library.Version, [], false);
        var page = FeedRange(library, since + 1, library.Version, limit + 1);
        if (page.Count <= limit) return new ChangePage(library.Version, page, false);

        var firstLeftOut = page[limit].Version;
        var whole = page.Take(limit).Where(e => e.Version < firstLeftOut).ToList();
        if (whole.Count == 0) whole = FeedRange(library, firstLeftOut, firstLeftOut, int.MaxValue);
        var last = whole[^1].Version;
        return new ChangePage(last, whole, last < library.Version);
    }

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
    public int PruneTombstones(WriteContext context, DateTime cutoff, int max)
    {
        var objects = context.Database.GetCollection(Objects);
        var libraries = context.Database.GetCollection(Libraries);
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
        return expired.Count;
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
