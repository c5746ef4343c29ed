using PaperNotes.Server.Library;

namespace PaperNotes.Server.Collections;

/// <summary>Finds the user an owner invites by username (usernames are unique ignoring case).</summary>
public interface IUserDirectory
{
    KnownUser? FindByUsername(string username);
}

/// <summary>
/// Stand-in until accounts are merged: the users who have called the API at least once (each then owns a personal
/// library). The accounts store replaces it with its own lookup by normalised username.
/// </summary>
internal sealed class LibraryOwnersDirectory(LibraryStore store) : IUserDirectory
{
    public KnownUser? FindByUsername(string username) =>
        store.FindPersonalOwner(username.Trim()) is { } owner ? new KnownUser(owner.UserId, owner.Username) : null;
}
