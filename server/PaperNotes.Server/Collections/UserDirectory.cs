using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Collections;

/// <summary>Finds the user an owner invites by username (usernames are unique ignoring case).</summary>
public interface IUserDirectory
{
    KnownUser? FindByUsername(string username);
}

/// <summary>Invitations look users up in the accounts store, by normalised username.</summary>
internal sealed class AccountsUserDirectory(UserAccounts accounts) : IUserDirectory
{
    public KnownUser? FindByUsername(string username) =>
        accounts.FindByUserName(username.Trim()) is { } account ? new KnownUser(account.Id, account.UserName) : null;
}
