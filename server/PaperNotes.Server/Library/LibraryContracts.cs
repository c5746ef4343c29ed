namespace PaperNotes.Server.Library;

/// <summary>One entry of a change feed or a push (SPEC §1): <c>kind</c> is item | annotation | collection | member.</summary>
/// <param name="Data">The object as GET shows it; null for a tombstone.</param>
public sealed record ChangeEntry(string Kind, string Key, long Version, bool Deleted, object? Data);

/// <summary>What one durable commit did to one library; the hub pushes it as <c>Changed</c> (docs/sync-protocol.md).</summary>
/// <param name="PreviousVersion">
/// The library's version just before this commit: a client holding exactly it may apply the push; versions only
/// promise to increase, so nothing else tells a client that no commit came in between.
/// </param>
public sealed record LibraryChanged(string LibraryId, long PreviousVersion, long Version, IReadOnlyList<ChangeEntry> Changes);

/// <summary>
/// Told about every durable commit. Called from <see cref="Storage.WriteContext.AfterCommit"/>, so calls arrive
/// after the data is on disk and, for one library, in version order. Implementations must not block.
/// </summary>
public interface ILibraryChangePublisher
{
    /// <summary>A commit bumped <see cref="LibraryChanged.LibraryId"/> to <see cref="LibraryChanged.Version"/>.</summary>
    void Published(LibraryChanged change);

    /// <summary>The set of libraries <paramref name="userId"/> may read changed (joined, left, removed, deleted).</summary>
    void LibrariesChanged(string userId);
}

/// <summary>Which libraries a user may read; the hub joins one group per library (SPEC §5).</summary>
public interface ILibraryDirectory
{
    /// <summary>Ids of every library <paramref name="userId"/> may read (the personal one first).</summary>
    Task<IReadOnlyList<string>> ReadableLibraryIdsAsync(string userId, CancellationToken cancellationToken = default);
}
