namespace PaperNotes.Server.Auth.Accounts;

/// <summary>The log-in form (SPEC §3): <c>username</c>, <c>password</c>, and the return URL the authorize endpoint passed.</summary>
public sealed record LogInForm(string? Username, string? Password, string? ReturnUrl);

/// <summary>The registration form (SPEC §3).</summary>
public sealed record RegisterForm(string? Username, string? Email, string? Password, string? ReturnUrl);
