using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>
/// The narrow store every feature talks to: libraries, their members, and one versioned object store per library
/// (library, kind, key → version, deleted, data) with its change feed. Every change takes the <see cref="WriteContext"/>
/// of a durable write, so several changes join one transaction. <see cref="LiteDbLibraryStore"/> and
/// <see cref="PostgresLibraryStore"/> implement it; reads inside a write see that write's transaction.
/// </summary>
public interface ILibraryStore
{
    Task<LibraryRecord?> FindAsync(string libraryId, CancellationToken cancellationToken = default);

    /// <summary>The caller's role in the library, or null when they have none (then the library does not exist for them).</summary>
    Task<string?> RoleOfAsync(string libraryId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Every library the user is a member of with their role, the personal one first.</summary>
    Task<IReadOnlyList<(LibraryRecord Library, string Role)>> LibrariesOfAsync(string userId, CancellationToken cancellationToken = default);

    Task<string?> PersonalLibraryIdOfAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Every member of the library with their role, in no particular order.</summary>
    Task<IReadOnlyList<LibraryMember>> MembersOfAsync(string libraryId, CancellationToken cancellationToken = default);

    /// <summary>The live object or tombstone, as the feed would show it.</summary>
    Task<StoredObject?> FindObjectAsync(string libraryId, string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Objects of the library whose version is above <paramref name="since"/>, oldest first, tombstones included; a
    /// page never splits one version, so <see cref="ChangePage.Version"/> is always a safe next <c>since</c>.
    /// </summary>
    Task<ChangePage> ChangesAsync(LibraryRecord library, long since, int limit, CancellationToken cancellationToken = default);

    /// <summary>Creates a library with its owner's membership in the caller's commit.</summary>
    Task<LibraryRecord> CreateLibraryAsync(WriteContext context, string kind, string name, string description,
        string ownerId, string ownerUsername);

    /// <summary>Adds or changes a membership; the user's connections hear of it after the commit.</summary>
    Task SetMemberAsync(WriteContext context, string libraryId, string userId, string username, string role);

    /// <summary>Removes a membership; the user's connections hear of it after the commit.</summary>
    Task<bool> RemoveMemberAsync(WriteContext context, string libraryId, string userId);

    /// <summary>Renames or redescribes a library; its version is untouched (the caller commits the change it shows).</summary>
    Task DescribeAsync(WriteContext context, string libraryId, string name, string description);

    /// <summary>Deletes a library with its objects; every member loses it.</summary>
    Task DeleteLibraryAsync(WriteContext context, string libraryId);

    /// <summary>Runs the writes in their own durable commit.</summary>
    Task<CommitResult> CommitAsync(string libraryId, IReadOnlyList<ObjectWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the writes whose preconditions hold, in order, as one version of the library: the version goes up by
    /// one when anything changed and every object touched is stamped with it. Live sync hears of it after the commit.
    /// </summary>
    Task<CommitResult> CommitAsync(WriteContext context, string libraryId, IReadOnlyList<ObjectWrite> writes);

    /// <summary>Drops tombstones deleted before <paramref name="cutoff"/> (at most <paramref name="max"/>) and raises each
    /// library's oldest answerable version past them, so clients behind it resync instead of missing deletes.</summary>
    Task<int> PruneTombstonesAsync(WriteContext context, DateTime cutoff, int max);
}
