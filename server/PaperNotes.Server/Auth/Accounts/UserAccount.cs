using System.Text;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>A person who can sign in (collection <c>users</c>). <see cref="Id"/> becomes the tokens' <c>sub</c>.</summary>
public sealed class UserAccount
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string UserName { get; set; } = "";
    /// <summary><see cref="Normalize"/>d, unique: usernames are unique ignoring case and compatibility forms.</summary>
    public string NormalizedUserName { get; set; } = "";
    public string? Email { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>Failed log-ins by where they came from: a guesser slows down their own attempts, not everyone's.</summary>
    public List<LogInThrottle> Throttles { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    /// <summary>Set by <c>admin disable-user</c>: the account then signs in nowhere and its tokens are revoked.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>
    /// The form usernames are compared in, ordinally: NFKC, then lower case. LiteDB's own string comparison ignores
    /// case and some characters (a soft hyphen), so a match it finds is kept only if this form is equal.
    /// </summary>
    public static string Normalize(string username) => username.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}

/// <summary>Failed log-ins in a row from one source (an IP address), and until when that source must wait.</summary>
public sealed class LogInThrottle
{
    public string Source { get; set; } = "";
    public int Failures { get; set; }
    public DateTime LastFailure { get; set; }
    public DateTime? BlockedUntil { get; set; }
}
