namespace PaperNotes.Server.Auth.Accounts;

/// <summary>A person who can sign in (collection <c>users</c>). <see cref="Id"/> becomes the tokens' <c>sub</c>.</summary>
public sealed class UserAccount
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string UserName { get; set; } = "";
    /// <summary>Upper-case invariant form, unique: usernames are unique ignoring case.</summary>
    public string NormalizedUserName { get; set; } = "";
    public string? Email { get; set; }
    public string PasswordHash { get; set; } = "";
    public int AccessFailedCount { get; set; }
    public DateTime? LockoutEnd { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string Normalize(string username) => username.Trim().ToUpperInvariant();
}
