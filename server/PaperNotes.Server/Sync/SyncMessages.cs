using MessagePack;

namespace PaperNotes.Server.Sync;

/// <summary>What the hub calls on its clients (SPEC §5).</summary>
public interface ISyncClient
{
    /// <summary>A commit of <see cref="SyncChanged.LibraryId"/>; an empty <c>changes</c> means "pull".</summary>
    Task Changed(SyncChanged change);

    /// <summary>The caller gained or lost a library: call <c>Subscriptions()</c> again and pull the new ones.</summary>
    Task LibrariesChanged();
}

/// <summary>
/// The <c>Changed</c> payload. String keys make MessagePack carry the same camelCase names as JSON, so one client
/// rule reads both protocols.
/// </summary>
[MessagePackObject]
public sealed record SyncChanged(
    [property: Key("libraryId")] string LibraryId,
    [property: Key("version")] long Version,
    [property: Key("changes")] IReadOnlyList<SyncChange> Changes);

/// <summary>One change-feed entry; <see cref="Data"/> is the object as GET shows it, as a plain JSON-like tree.</summary>
[MessagePackObject]
public sealed record SyncChange(
    [property: Key("kind")] string Kind,
    [property: Key("key")] string Key,
    [property: Key("version")] long Version,
    [property: Key("deleted")] bool Deleted,
    [property: Key("data")] object? Data);
