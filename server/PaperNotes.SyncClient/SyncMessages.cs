using System.Text.Json;
using MessagePack;

namespace PaperNotes.SyncClient;

/// <summary>The hub's <c>Changed</c> payload (SPEC §5); string keys match the JSON names under MessagePack too.</summary>
[MessagePackObject]
public sealed record PushedChanges(
    [property: Key("libraryId")] string LibraryId,
    [property: Key("version")] long Version,
    [property: Key("changes")] IReadOnlyList<PushedChange> Changes);

/// <summary>One pushed entry; <see cref="Data"/> is a JsonElement (JSON) or a dictionary tree (MessagePack).</summary>
[MessagePackObject]
public sealed record PushedChange(
    [property: Key("kind")] string Kind,
    [property: Key("key")] string Key,
    [property: Key("version")] long Version,
    [property: Key("deleted")] bool Deleted,
    [property: Key("data")] object? Data);

/// <summary>A page of <c>GET /api/libraries/{lib}/changes?since=</c>.</summary>
public sealed record ChangesPage(long Version, IReadOnlyList<FeedEntry> Changes, bool More);

/// <summary>One change-feed entry as the REST API shows it.</summary>
public sealed record FeedEntry(string Kind, string Key, long Version, bool Deleted, JsonElement? Data);
