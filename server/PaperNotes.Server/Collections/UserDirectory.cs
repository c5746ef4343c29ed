using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Collections;

/// <summary>Finds the user an owner invites by username (usernames are unique ignoring case).</summary>
public interface IUserDirectory
{
    Task<KnownUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default);
}

/// <summary>Invitations look users up in the accounts store, by normalised username.</summary>
internal sealed class AccountsUserDirectory(UserAccounts accounts) : IUserDirectory
{
    public async Task<KnownUser?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default) =>
        await accounts.FindByUserNameAsync(username.Trim(), cancellationToken) is { } account
            ? new KnownUser(account.Id, account.UserName)
            : null;
}
