using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Revocation;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Admin;

/// <summary>What the operator does to accounts, on either engine: list them, disable one.</summary>
internal sealed class UserAdministration(UserAccounts accounts, IUserAccountRecords records, IDurableWriter writer,
    IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await records.ListAsync(cancellationToken)).OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Disables the account and revokes every grant and token it holds; false when there is no such user.</summary>
    public async Task<bool> DisableAsync(string username, CancellationToken cancellationToken)
    {
        if (await accounts.FindAnyByUserNameAsync(username, cancellationToken) is not { } found) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        // Disabled first: from this commit on no sign-in, grant or refresh finds the account, so no new token can
        // appear after the revocation below.
        var disabled = await writer.WriteAsync(async c =>
        {
            if (await records.LockAsync(c, found.Id) is not { } user) return false;
            user.DisabledAt ??= now;
            await records.UpdateAsync(c, user);
            return true;
        }, cancellationToken);
        if (!disabled) return false;

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().RevokeBySubjectAsync(found.Id, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(found.Id, cancellationToken);
        // Open sync connections validated their token once, when they opened.
        scope.ServiceProvider.GetRequiredService<IConnectionRevocations>().RevokeUser(found.Id);
        return true;
    }
}
