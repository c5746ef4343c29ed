using MessagePack;

namespace PaperNotes.Sync.Protocol;

/// <summary>What the hub calls on its clients (docs/sync-protocol.md).</summary>
public interface ISyncClient
{
    /// <summary>A commit of <see cref="SyncChanged.LibraryId"/>; an empty <c>changes</c> means "pull".</summary>
    Task Changed(SyncChanged change);

    /// <summary>The caller gained or lost a library: call <c>Subscriptions()</c> again and pull the new ones.</summary>
    Task LibrariesChanged();
}

/// <summary>What clients call on the hub.</summary>
public static class SyncHubMethods
{
    /// <summary>→ the ids of the libraries this connection receives pushes for.</summary>
    public const string Subscriptions = "Subscriptions";
}

/// <summary>
/// The <c>Changed</c> payload: one commit took the library from <see cref="PreviousVersion"/> to
/// <see cref="Version"/>. Versions only promise to increase (by one or more per commit), so a device applies a push
/// only when it holds exactly <see cref="PreviousVersion"/>; otherwise it ignores an old push or pulls. String keys
/// make MessagePack carry the same camelCase names as JSON, so one client rule reads both protocols.
/// </summary>
[MessagePackObject]
public sealed record SyncChanged(
    [property: Key("libraryId")] string LibraryId,
    [property: Key("previousVersion")] long PreviousVersion,
    [property: Key("version")] long Version,
    [property: Key("changes")] IReadOnlyList<SyncChange> Changes);

/// <summary>
/// One change-feed entry, pushed or pulled. <see cref="Data"/> is the object as GET shows it: the server sends a plain
/// object tree; a client reads a JsonElement (JSON) or a dictionary tree (MessagePack).
/// </summary>
[MessagePackObject]
public sealed record SyncChange(
    [property: Key("kind")] string Kind,
    [property: Key("key")] string Key,
    [property: Key("version")] long Version,
    [property: Key("deleted")] bool Deleted,
    [property: Key("data")] object? Data);

/// <summary>
/// A page of <c>GET /api/libraries/{lib}/changes?since=</c>, as clients read it. <see cref="Version"/> is a safe next
/// <c>since</c>: every change up to it is in this page or an earlier one.
/// </summary>
public sealed record ChangeFeedPage(long Version, IReadOnlyList<SyncChange> Changes, bool More);
