using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Revocation;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Admin;

/// <summary>What the operator does to accounts: list them, disable one.</summary>
public interface IUserAdministration
{
    IReadOnlyList<UserAccount> List();

    /// <summary>Disables the account and revokes every grant and token it holds; false when there is no such user.</summary>
    Task<bool> DisableAsync(string username, CancellationToken cancellationToken);
}

internal sealed class LiteDbUserAdministration(PaperNotesDatabase database, IDurableWriter writer, IServiceScopeFactory scopes,
    TimeProvider clock) : IUserAdministration
{
    public IReadOnlyList<UserAccount> List() =>
        database.Database.GetCollection<UserAccount>(UserAccounts.Collection).FindAll().OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList();

    public async Task<bool> DisableAsync(string username, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Disabled first: from this commit on no sign-in, grant or refresh finds the account, so no new token can
        // appear after the revocation below.
        var userId = await writer.WriteAsync(c =>
        {
            var users = c.Database.GetCollection<UserAccount>(UserAccounts.Collection);
            if (UserAccounts.FindAnyByUserName(users, username) is not { } user) return null;
            user.DisabledAt ??= now;
            users.Update(user);
            return user.Id;
        }, cancellationToken);
        if (userId is null) return false;

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().RevokeBySubjectAsync(userId, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(userId, cancellationToken);
        // Open sync connections validated their token once, when they opened.
        scope.ServiceProvider.GetRequiredService<IConnectionRevocations>().RevokeUser(userId);
        return true;
    }
}
