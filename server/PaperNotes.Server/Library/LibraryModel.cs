using System.Text.Json;

namespace PaperNotes.Server.Library;

/// <summary>Library kinds (SPEC §1): every user has one personal library; every shared collection is a library too.</summary>
public static class LibraryKinds
{
    public const string Personal = "personal";
    public const string Collection = "collection";
}

/// <summary>A member's role (SPEC §1): viewers read; editors and owners write.</summary>
public static class LibraryRoles
{
    public const string Owner = "owner";
    public const string Editor = "editor";
    public const string Viewer = "viewer";

    public static bool CanWrite(string role) => role is Owner or Editor;
}

/// <summary>A library as stored.</summary>
/// <param name="Version">Bumped by every commit that touches the library; only goes up.</param>
/// <param name="OldestAnswerableVersion">
/// The feed answers <c>since</c> values from here up (and 0, a full resync): tombstones of versions at or below it may
/// have been pruned.
/// </param>
/// <param name="Number">Dense per-process-stable number that orders this library's objects in the feed index.</param>
public sealed record LibraryRecord(
    string Id, string Kind, string Name, string Description, string OwnerId, long Version, long OldestAnswerableVersion,
    long Number);

/// <summary>A user's membership of a library.</summary>
public sealed record LibraryMember(string UserId, string Username, string Role);

/// <summary>One object of a library as stored: the current version, or the tombstone of a delete.</summary>
public sealed record StoredObject(string Kind, string Key, long Version, bool Deleted, JsonElement? Data)
{
    public ChangeEntry ToEntry() => new(Kind, Key, Version, Deleted, Data);
}

/// <summary>
/// One object write of a commit. <paramref name="IfUnmodifiedSinceVersion"/> is the client's precondition (SPEC §4);
/// a put computes the stored data from the current object inside the commit, so merges see the latest state.
/// </summary>
public sealed record ObjectWrite(string Kind, string Key, long? IfUnmodifiedSinceVersion, ObjectWrite.Compose? Put)
{
    /// <summary>The data to store, from the current live object (null when absent or deleted) and the new version.</summary>
    public delegate object Compose(StoredObject? current, long version, DateTime now);

    public static ObjectWrite Upsert(string kind, string key, long? ifUnmodifiedSinceVersion, Compose compose) =>
        new(kind, key, ifUnmodifiedSinceVersion, compose);

    /// <summary>
    /// A server-managed object (a collection's entry, a member's) written whatever its version: the server is its only
    /// writer, so there is no client view to be stale against.
    /// </summary>
    public static ObjectWrite Overwrite(string kind, string key, Compose compose) => new(kind, key, long.MaxValue, compose);

    public static ObjectWrite Delete(string kind, string key, long? ifUnmodifiedSinceVersion) =>
        new(kind, key, ifUnmodifiedSinceVersion, null);
}

public enum WriteStatus
{
    Created,
    Updated,
    Deleted,
    /// <summary>Already a tombstone: the client's wish holds, nothing was written.</summary>
    AlreadyDeleted,
    NotFound,
    /// <summary>The object changed after the version the client saw (412).</summary>
    Stale,
    /// <summary>Updating or deleting an existing object without a version precondition (428).</summary>
    PreconditionRequired,
}

/// <summary>What became of one write: <paramref name="Entry"/> is the object now (for a stale write, the current one).</summary>
public sealed record WriteOutcome(WriteStatus Status, ChangeEntry? Entry);

/// <summary>The library version after the commit, and one outcome per write in order.</summary>
public sealed record CommitResult(long Version, IReadOnlyList<WriteOutcome> Outcomes);

/// <summary>One page of the change feed.</summary>
/// <param name="Version">What to pass as the next <c>since</c>: the library version, or the page's last when more follow.</param>
public sealed record ChangePage(long Version, IReadOnlyList<ChangeEntry> Changes, bool More);
