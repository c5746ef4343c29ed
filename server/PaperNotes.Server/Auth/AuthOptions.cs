namespace PaperNotes.Server.Auth;

/// <summary>Sign-in settings (<c>Auth</c> section, SPEC §2–3).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Exact redirect URIs of the extension client, e.g. <c>https://&lt;extension-id&gt;.chromiumapp.org/</c>.</summary>
    public string[] ExtensionRedirectUris { get; set; } = [];

    /// <summary>Extra browser origins allowed to call the API, beyond those derived from the redirect URIs.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The issuer, when the server sits behind a proxy; by default it is the address the request came to.
    /// Tokens name their issuer, so changing it signs everyone out.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>A PKCS#12 file to sign tokens with; without it a key kept in the database is used.</summary>
    public CertificateFile? SigningCertificate { get; set; }

    /// <summary>A PKCS#12 file to encrypt tokens with; without it a key kept in the database is used.</summary>
    public CertificateFile? EncryptionCertificate { get; set; }

    /// <summary>Failed log-ins in a row, from one IP address, after which that address must wait.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long that address waits before it may try the account again.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Requests one client address may make to the account pages and <c>/connect</c> together (a sign-in takes about
    /// six). Bounds password guessing across accounts and the authorizations a signed-in browser can pile up.
    /// </summary>
    public Api.RateLimitOptions RateLimit { get; set; } = new() { PermitLimit = 60 };

    /// <summary>
    /// Upstream OpenID Connect providers by name (<c>Auth:External:&lt;Name&gt;:Authority</c>, <c>ClientId</c>,
    /// <c>ClientSecret</c>, <c>DisplayName</c>), each offered on the log-in page as "Sign in with DisplayName".
    /// </summary>
    public Dictionary<string, ExternalProvider> External { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False: only upstream providers sign people in; the password form is hidden and password log-ins refused.</summary>
    public bool PasswordSignIn { get; set; } = true;

    public sealed class ExternalProvider
    {
        /// <summary>The provider's issuer; its discovery document is read from <c>.well-known/openid-configuration</c>.</summary>
        public string Authority { get; set; } = "";
        public string ClientId { get; set; } = "";
        /// <summary>Empty for a public client (PKCE alone).</summary>
        public string? ClientSecret { get; set; }
        public string? DisplayName { get; set; }
    }

    public sealed class CertificateFile
    {
        public string Path { get; set; } = "";
        public string? Password { get; set; }
    }
}
