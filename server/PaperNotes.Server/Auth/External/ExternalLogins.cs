using System.Security.Cryptography;
using System.Text;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth.External;

/// <summary>
/// One person's identity at an upstream provider, tied to one account. It is found by the provider's issuer and
/// subject together: a <c>sub</c> is unique only within its issuer, and an e-mail address proves nothing.
/// </summary>
public sealed class ExternalLogin
{
    /// <summary><see cref="KeyOf"/>(issuer, subject): LiteDB compares string ids ignoring case, a hash does not care.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>The configured name (<c>Auth:External:&lt;Name&gt;</c>), for the account page.</summary>
    public string Provider { get; set; } = "";
    public string Issuer { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateTime LinkedAt { get; set; }

    public static string KeyOf(string issuer, string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer.TrimEnd('/')}\n{subject}")));
}

public enum UnlinkOutcome { Unlinked, NotLinked, LastWayIn }

/// <summary>Which account each upstream identity signs in to (<see cref="IExternalLoginRecords"/>).</summary>
public sealed class ExternalLogins(IExternalLoginRecords records, IUserAccountRecords accountRecords, IDurableWriter writer,
    UserAccounts accounts, TimeProvider clock)
{
    /// <summary>The active account this identity signs in to, if it was linked to one.</summary>
    public async Task<UserAccount?> FindUserAsync(string issuer, string subject, CancellationToken ct = default) =>
        await records.FindAsync(ExternalLogin.KeyOf(issuer, subject), ct) is { } login ? await accounts.FindByIdAsync(login.UserId, ct) : null;

    public Task<IReadOnlyList<ExternalLogin>> ForUserAsync(string userId, CancellationToken ct = default) => records.ForUserAsync(userId, ct);

    /// <summary>
    /// Creates an account that signs in with this identity, in one transaction; null when the username is taken or the
    /// identity was linked meanwhile.
    /// </summary>
    public async Task<UserAccount?> RegisterAsync(string username, string? email, ExternalIdentity identity, CancellationToken ct)
    {
        var user = accounts.NewAccount(username, email);
        var login = NewLogin(user.Id, identity);
        var created = await writer.WriteAsync(async c =>
        {
            if (await records.FindAsync(c, login.Id) is not null || !await accounts.InsertAsync(c, user)) return false;
            await records.InsertAsync(c, login);
            return true;
        }, ct);
        return created ? user : null;
    }

    /// <summary>Adds this identity to the account; false when it already signs in to another account.</summary>
    public Task<bool> LinkAsync(string userId, ExternalIdentity identity, CancellationToken ct)
    {
        var login = NewLogin(userId, identity);
        return writer.WriteAsync(async c =>
        {
            if (await records.FindAsync(c, login.Id) is { } existing) return existing.UserId == userId;
            await records.InsertAsync(c, login);
            return true;
        }, ct);
    }

    /// <summary>
    /// Removes the account's identity at <paramref name="provider"/>, unless it is the only way left to sign in (no
    /// password and no other provider): the account would be locked out for good.
    /// </summary>
    public Task<UnlinkOutcome> UnlinkAsync(string userId, string provider, CancellationToken ct) =>
        writer.WriteAsync(async c =>
        {
            var account = await accountRecords.LockAsync(c, userId);
            var mine = await records.ForUserAsync(c, userId);
            var doomed = mine.Where(l => string.Equals(l.Provider, provider, StringComparison.OrdinalIgnoreCase)).ToList();
            if (doomed.Count == 0) return UnlinkOutcome.NotLinked;
            if (account is not { PasswordHash.Length: > 0 } && doomed.Count == mine.Count) return UnlinkOutcome.LastWayIn;
            foreach (var login in doomed) await records.DeleteAsync(c, login.Id);
            return UnlinkOutcome.Unlinked;
        }, ct);

    private ExternalLogin NewLogin(string userId, ExternalIdentity identity) => new()
    {
        Id = ExternalLogin.KeyOf(identity.Issuer, identity.Subject),
        UserId = userId,
        Provider = identity.Provider,
        Issuer = identity.Issuer,
        Subject = identity.Subject,
        LinkedAt = clock.GetUtcNow().UtcDateTime,
    };
}

/// <summary>Who the provider says signed in: its configured name, its issuer and the subject it gave.</summary>
public sealed record ExternalIdentity(string Provider, string Issuer, string Subject);
