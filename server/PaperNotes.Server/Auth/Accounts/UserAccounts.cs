using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>Registration, password checks and log-in throttling over the stored accounts.</summary>
public sealed class UserAccounts(IUserAccountRecords records, IDurableWriter writer, IOptions<AuthOptions> options,
    TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    /// <summary>Sources remembered per account; past this the stalest go (a new source starts with no failures).</summary>
    internal const int MaxThrottles = 64;

    /// <summary>Checked against when no check of the real hash happens, so every refusal costs the same time.</summary>
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    // A disabled account is found by neither: its cookie, its grants and its password all lead nowhere.
    public Task<UserAccount?> FindByIdAsync(string id, CancellationToken ct = default) => ActiveAsync(records.FindByIdAsync(id, ct));

    public Task<UserAccount?> FindByUserNameAsync(string username, CancellationToken ct = default) =>
        ActiveAsync(FindAnyByUserNameAsync(username, ct));

    /// <summary>The account named <paramref name="username"/>, disabled or not.</summary>
    internal Task<UserAccount?> FindAnyByUserNameAsync(string username, CancellationToken ct = default) =>
        records.FindByNormalizedUserNameAsync(UserAccount.Normalize(username), ct);

    private static async Task<UserAccount?> ActiveAsync(Task<UserAccount?> find) => await find is { DisabledAt: null } user ? user : null;

    /// <summary>Creates the account, or answers null when the name is taken (ignoring case).</summary>
    public async Task<UserAccount?> RegisterAsync(string username, string? email, string password, CancellationToken ct = default)
    {
        var user = NewAccount(username, email);
        user.PasswordHash = hasher.HashPassword(user, password);
        // Check and insert in one write: two registrations of one name cannot both pass the check.
        var created = await writer.WriteAsync(c => records.InsertAsync(c, user), ct);
        return created ? user : null;
    }

    /// <summary>An account not stored yet; one made by an upstream sign-in has no password (an empty hash never matches).</summary>
    internal UserAccount NewAccount(string username, string? email) => new()
    {
        UserName = username.Trim(),
        NormalizedUserName = UserAccount.Normalize(username),
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>Inserts <paramref name="account"/> inside <paramref name="context"/>'s write; false when its name is taken.</summary>
    internal Task<bool> InsertAsync(WriteContext context, UserAccount account) => records.InsertAsync(context, account);

    /// <summary>
    /// Checks a password. Each attempt is first counted as a failure of its <paramref name="source"/>, atomically, and
    /// the password is checked only if that source may still try: parallel attempts cannot get more checks than
    /// <see cref="AuthOptions.MaxFailedLogins"/>. A success clears the source's failures. A refused attempt, a wrong
    /// password and an unknown username all answer <see cref="LogInOutcome.Refused"/> after one hash check, so neither
    /// the answer nor its time says whether an account exists.
    /// </summary>
    public async Task<(LogInOutcome Outcome, UserAccount? User)> LogInAsync(string username, string password, string source,
        CancellationToken ct = default)
    {
        var user = await FindByUserNameAsync(username, ct);
        if (user is null || !await ReserveAttemptAsync(user.Id, source, ct))
        {
            hasher.VerifyHashedPassword(new UserAccount(), _decoyHash.Value, password);
            return (LogInOutcome.Refused, null);
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed) return (LogInOutcome.Refused, null);

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        await writer.WriteAsync(async c =>
        {
            var current = await records.LockAsync(c, user.Id);
            if (current is null) return false;
            current.Throttles.RemoveAll(t => t.Source == source);
            current.PasswordHash = rehash ?? current.PasswordHash;
            await records.UpdateAsync(c, current);
            return true;
        }, ct);
        return (LogInOutcome.Success, user);
    }

    /// <summary>
    /// Counts one failure of <paramref name="source"/> on the account before its password is checked; answers false,
    /// counting nothing, while that source must wait. Failures older than the wait are forgotten.
    /// </summary>
    private Task<bool> ReserveAttemptAsync(string userId, string source, CancellationToken ct)
    {
        var limits = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        return writer.WriteAsync(async c =>
        {
            var current = await records.LockAsync(c, userId);
            if (current is null) return false;
            current.Throttles.RemoveAll(t => t.BlockedUntil <= now || (t.BlockedUntil is null && now - t.LastFailure > limits.LockoutDuration));
            var throttle = current.Throttles.Find(t => t.Source == source);
            if (throttle?.BlockedUntil > now) return false;
            if (throttle is null)
            {
                throttle = new LogInThrottle { Source = source };
                current.Throttles.Add(throttle);
                if (current.Throttles.Count > MaxThrottles)
                    current.Throttles.Remove(current.Throttles.Where(t => t != throttle).MinBy(t => t.LastFailure)!);
            }
            throttle.Failures++;
            throttle.LastFailure = now;
            if (throttle.Failures >= limits.MaxFailedLogins) throttle.BlockedUntil = now + limits.LockoutDuration;
            await records.UpdateAsync(c, current);
            return true;
        }, ct);
    }
}

public enum LogInOutcome { Success, Refused }
