using LiteDB;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>Registration, password checks and log-in throttling over the <c>users</c> collection.</summary>
public sealed class UserAccounts(PaperNotesDatabase database, IDurableWriter writer, IOptions<AuthOptions> options,
    TimeProvider clock, IPasswordHasher<UserAccount> hasher)
{
    public const string Collection = "users";

    /// <summary>Sources remembered per account; past this the stalest go (a new source starts with no failures).</summary>
    internal const int MaxThrottles = 64;

    static UserAccounts() => Models.LiteDbMapping.EnsureBuilt();

    /// <summary>Checked against when no check of the real hash happens, so every refusal costs the same time.</summary>
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    private ILiteCollection<UserAccount> Users => database.Database.GetCollection<UserAccount>(Collection);

    // A disabled account is found by neither: its cookie, its grants and its password all lead nowhere.
    /// <summary>The account of <paramref name="id"/>, compared ordinally (LiteDB's own comparison ignores case).</summary>
    public UserAccount? FindById(string id) => Users.FindById(id) is { } user && user.Id == id ? Active(user) : null;

    public UserAccount? FindByUserName(string username) => Active(FindAnyByUserName(Users, username));

    /// <summary>The account named <paramref name="username"/>, disabled or not.</summary>
    internal static UserAccount? FindAnyByUserName(ILiteCollection<UserAccount> users, string username)
    {
        var normalized = UserAccount.Normalize(username);
        // Accounts made before names were normalised this way hold an upper-case form: recompute from the name.
        return users.Find(Query.EQ(nameof(UserAccount.NormalizedUserName), normalized))
            .FirstOrDefault(u => UserAccount.Normalize(u.UserName) == normalized);
    }

    private static UserAccount? Active(UserAccount? user) => user?.DisabledAt is null ? user : null;

    internal static void EnsureIndexes(ILiteDatabase db) =>
        db.GetCollection<UserAccount>(Collection).EnsureIndex(u => u.NormalizedUserName, unique: true);

    /// <summary>Creates the account, or answers null when the name is taken (ignoring case).</summary>
    public async Task<UserAccount?> RegisterAsync(string username, string? email, string password, CancellationToken ct = default)
    {
        var user = NewAccount(username, email);
        user.PasswordHash = hasher.HashPassword(user, password);
        var document = ToDocument(user);
        // Check and insert in one writer delegate: two registrations of one name cannot both pass the check.
        var created = await writer.WriteAsync(c => TryInsert(c.Database, document), ct);
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

    internal BsonDocument ToDocument(UserAccount user) => database.Database.Mapper.ToDocument(user);

    /// <summary>Inserts the account unless its name is taken; run inside a writer delegate.</summary>
    internal static bool TryInsert(ILiteDatabase db, BsonDocument account)
    {
        var users = db.GetCollection(Collection);
        if (users.Exists(Query.EQ(nameof(UserAccount.NormalizedUserName), account[nameof(UserAccount.NormalizedUserName)]))) return false;
        users.Insert(account);
        return true;
    }

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
        var user = FindByUserName(username);
        if (user is null || !await ReserveAttemptAsync(user.Id, source, ct))
        {
            hasher.VerifyHashedPassword(new UserAccount(), _decoyHash.Value, password);
            return (LogInOutcome.Refused, null);
        }
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed) return (LogInOutcome.Refused, null);

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        await writer.WriteAsync(c =>
        {
            var users = c.Database.GetCollection<UserAccount>(Collection);
            var current = users.FindById(user.Id);
            if (current is null) return false;
            current.Throttles.RemoveAll(t => t.Source == source);
            current.PasswordHash = rehash ?? current.PasswordHash;
            return users.Update(current);
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
        return writer.WriteAsync(c =>
        {
            var users = c.Database.GetCollection<UserAccount>(Collection);
            var current = users.FindById(userId);
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
            users.Update(current);
            return true;
        }, ct);
    }
}

public enum LogInOutcome { Success, Refused }
