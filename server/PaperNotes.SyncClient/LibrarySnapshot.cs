using System.Text.Json;

namespace PaperNotes.SyncClient;

/// <summary>Identity of an object in a library: its <c>kind</c> (item, annotation, ...) and <c>key</c>.</summary>
public readonly record struct ObjectKey(string Kind, string Key);

/// <summary>An object as this device holds it.</summary>
public sealed record SyncedObject(string Kind, string Key, long Version, JsonElement Data);

/// <summary>Where applied changes came from.</summary>
public enum UpdateSource { Push, Pull }

/// <summary>A library's state on this device after some update.</summary>
/// <param name="Changes">How many entries the update applied.</param>
public sealed record LibraryUpdate(string LibraryId, long Version, int Changes, UpdateSource Source);

/// <summary>A copy of one library as this device holds it: its version and live (not deleted) objects.</summary>
public sealed record LibrarySnapshot(string LibraryId, long Version, IReadOnlyDictionary<ObjectKey, SyncedObject> Objects)
{
    /// <summary>Same version, same objects at the same versions with the same JSON (property order aside).</summary>
    public bool HasSameState(LibrarySnapshot other) =>
        LibraryId == other.LibraryId && Version == other.Version && Objects.Count == other.Objects.Count
        && Objects.All(pair => other.Objects.TryGetValue(pair.Key, out var theirs)
            && theirs.Version == pair.Value.Version && JsonElement.DeepEquals(theirs.Data, pair.Value.Data));
}

/// <summary>The mutable replica; touched only by the client's sync loop, read under its lock.</summary>
internal sealed class LibraryReplica(string libraryId)
{
    public string LibraryId { get; } = libraryId;

    public long Version { get; set; }

    public Dictionary<ObjectKey, SyncedObject> Objects { get; } = [];

    /// <summary>Applies one entry unless the replica already holds a newer version of that object.</summary>
    public void Apply(string kind, string key, long version, bool deleted, JsonElement? data)
    {
        var id = new ObjectKey(kind, key);
        if (Objects.TryGetValue(id, out var held) && held.Version >= version) return;
        if (deleted || data is null) Objects.Remove(id);
        else Objects[id] = new SyncedObject(kind, key, version, data.Value);
    }

    public void Reset()
    {
        Version = 0;
        Objects.Clear();
    }

    public LibrarySnapshot Snapshot() => new(LibraryId, Version, new Dictionary<ObjectKey, SyncedObject>(Objects));
}
