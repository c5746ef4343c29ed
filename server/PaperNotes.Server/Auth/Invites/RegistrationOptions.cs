namespace PaperNotes.Server.Auth.Invites;

/// <summary>Who may create an account (<c>Accounts</c> section, SPEC §7).</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Accounts";

    /// <summary><c>open</c> (anyone), <c>invite</c> (with an unused, unexpired invite code) or <c>closed</c>.</summary>
    public RegistrationMode Registration { get; set; } = RegistrationMode.Open;

    /// <summary>How long a new invite code stays valid.</summary>
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromDays(7);
}

public enum RegistrationMode { Open, Invite, Closed }
