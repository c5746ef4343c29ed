using LiteDB;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>Registration, password checks and lockout over the <c>users</c> collection.</summary>
public sealed class UserAccounts(PaperNotesDatabase database, IDurableWriter writer, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Collection = "users";

    static UserAccounts() => Models.LiteDbMapping.EnsureBuilt();

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    /// <summary>Checked against when the username is unknown, so a miss costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString());

    private ILiteCollection<UserAccount> Users => database.Database.GetCollection<UserAccount>(Collection);

    public UserAccount? FindById(string id) => Users.FindById(id);

    public UserAccount? FindByUserName(string username) =>
        Users.FindOne(Query.EQ(nameof(UserAccount.NormalizedUserName), UserAccount.Normalize(username)));

    internal static void EnsureIndexes(ILiteDatabase db) =>
        db.GetCollection<UserAccount>(Collection).EnsureIndex(u => u.NormalizedUserName, unique: true);

    /// <summary>Creates the account, or answers null when the name is taken (ignoring case).</summary>
    public async Task<UserAccount?> RegisterAsync(string username, string? email, string password, CancellationToken ct = default)
    {
        var user = new UserAccount
        {
            UserName = username.Trim(),
            NormalizedUserName = UserAccount.Normalize(username),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = Hasher.HashPassword(user, password);
        var document = database.Database.Mapper.ToDocument(user);
        // Check and insert in one writer delegate: two registrations of one name cannot both pass the check.
        var created = await writer.WriteAsync(c =>
        {
            var users = c.Database.GetCollection(Collection);
            if (users.Exists(Query.EQ(nameof(UserAccount.NormalizedUserName), user.NormalizedUserName))) return false;
            users.Insert(document);
            return true;
        }, ct);
        return created ? user : null;
    }

    /// <summary>Checks a password, counting failures and locking the account after too many in a row.</summary>
    public async Task<(LogInOutcome Outcome, UserAccount? User)> LogInAsync(string username, string password, CancellationToken ct = default)
    {
        var user = FindByUserName(username);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(new UserAccount(), DecoyHash, password);
            return (LogInOutcome.WrongCredentials, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockoutEnd?.ToUniversalTime() > now) return (LogInOutcome.LockedOut, null);

        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await RecordFailureAsync(user.Id, now, ct);
            return (locked ? LogInOutcome.LockedOut : LogInOutcome.WrongCredentials, null);
        }
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password) : null;
        if (user.AccessFailedCount != 0 || rehash is not null)
        {
            await writer.WriteAsync(c =>
            {
                var users = c.Database.GetCollection<UserAccount>(Collection);
                var current = users.FindById(user.Id);
                if (current is null) return false;
                current.AccessFailedCount = 0;
                current.PasswordHash = rehash ?? current.PasswordHash;
                return users.Update(current);
            }, ct);
        }
        return (LogInOutcome.Success, user);
    }

    /// <summary>Counts one failure atomically; answers whether the account is now locked.</summary>
    private Task<bool> RecordFailureAsync(string userId, DateTime now, CancellationToken ct)
    {
        var limits = options.Value;
        return writer.WriteAsync(c =>
        {
            var users = c.Database.GetCollection<UserAccount>(Collection);
            var current = users.FindById(userId);
            if (current is null) return false;
            current.AccessFailedCount++;
            var locks = current.AccessFailedCount >= limits.MaxFailedLogins;
            if (locks)
            {
                current.LockoutEnd = now + limits.LockoutDuration;
                current.AccessFailedCount = 0;
            }
            users.Update(current);
            return locks;
        }, ct);
    }
}

public enum LogInOutcome { Success, WrongCredentials, LockedOut }
