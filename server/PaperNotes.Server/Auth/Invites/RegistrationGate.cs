using Microsoft.Extensions.Options;

namespace PaperNotes.Server.Auth.Invites;

/// <summary>
/// Applies <c>Accounts:Registration</c> to every way an account comes to be (the register form, and an upstream
/// provider's first sign-in): open admits everyone, invite takes one unused code, closed admits nobody.
/// </summary>
public sealed class RegistrationGate(IOptions<RegistrationOptions> options, IInviteCodes invites)
{
    public RegistrationMode Mode => options.Value.Registration;

    /// <summary>
    /// Admits one registration, redeeming <paramref name="inviteCode"/> in invite mode; a refusal says why, for the
    /// person. Release the admission when the account was not created after all (a username taken meanwhile).
    /// </summary>
    public async Task<Admission> AdmitAsync(string? inviteCode, CancellationToken cancellationToken = default)
    {
        switch (Mode)
        {
            case RegistrationMode.Open:
                return Admission.Granted(null);
            case RegistrationMode.Closed:
                return Admission.Refused("This server does not take new accounts.");
            default:
                if (string.IsNullOrWhiteSpace(inviteCode)) return Admission.Refused("Enter the invite code you were given.");
                var code = inviteCode.Trim();
                return await invites.RedeemAsync(code, cancellationToken)
                    ? Admission.Granted(ct => invites.ReleaseAsync(code, ct))
                    : Admission.Refused("This invite code is not valid: it may have been used already or have expired.");
        }
    }

    public sealed class Admission
    {
        private readonly Func<CancellationToken, Task>? _release;

        private Admission(string? refusal, Func<CancellationToken, Task>? release) => (Refusal, _release) = (refusal, release);

        /// <summary>Why the registration may not happen; null when it may.</summary>
        public string? Refusal { get; }

        public static Admission Granted(Func<CancellationToken, Task>? release) => new(null, release);

        public static Admission Refused(string why) => new(why, null);

        public Task ReleaseAsync(CancellationToken cancellationToken = default) =>
            _release?.Invoke(cancellationToken) ?? Task.CompletedTask;
    }
}

public static class InviteExtensions
{
    /// <summary>Registration modes and the invite codes the admin command creates.</summary>
    public static IServiceCollection AddRegistrationModes(this IServiceCollection services)
    {
        services.AddOptions<RegistrationOptions>().BindConfiguration(RegistrationOptions.Section)
            .Validate(o => o.InviteLifetime > TimeSpan.Zero, "Accounts:InviteLifetime must be positive.")
            .ValidateOnStart();
        // The codes' store is the storage engine's (Storage/StorageExtensions).
        services.AddSingleton<RegistrationGate>();
        return services;
    }
}
