namespace PaperNotes.Server.Auth.Accounts;

// Classes with setters, not positional records: minimal APIs' form mapper fails on a record whose field is empty.

/// <summary>The log-in form (SPEC §3): <c>username</c>, <c>password</c>, and the return URL the authorize endpoint passed.</summary>
public sealed class LogInForm
{
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
}

/// <summary>The registration form (SPEC §3), with <c>inviteCode</c> when <c>Accounts:Registration</c> is <c>invite</c>.</summary>
public sealed class RegisterForm
{
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
    public string? InviteCode { get; set; }
}
