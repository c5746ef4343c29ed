using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.External;

/// <summary>
/// Sign-in through upstream OpenID Connect providers (<c>Auth:External</c>) with the OpenIddict client: code flow with
/// PKCE and state, the provider's discovery document, its keys. Our own OpenID Connect server for the extension and
/// the web library is unchanged: an upstream sign-in only replaces how a person proves who they are on the log-in page.
/// </summary>
public static class ExternalSignInExtensions
{
    /// <summary>Where every provider sends the browser back; the state token says which provider it was.</summary>
    public const string CallbackPath = "/account/external/callback";

    /// <summary>Holds who the provider said signed in while a first-time user chooses a username (10 minutes).</summary>
    public const string PendingScheme = "PaperNotes.External";

    public static OpenIddictBuilder AddExternalSignIn(this OpenIddictBuilder openIddict)
    {
        openIddict.Services.AddSingleton<ExternalLogins>();
        openIddict.Services.AddAuthentication().AddCookie(PendingScheme, cookie =>
        {
            cookie.Cookie.Name = "papernotes.external";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            cookie.SlidingExpiration = false;
        });
        openIddict.AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow();
            client.SetRedirectionEndpointUris(CallbackPath.TrimStart('/'));
            // State tokens live minutes: long enough to sign in at the provider, too short to be worth stealing.
            client.SetStateTokenLifetime(TimeSpan.FromMinutes(10));
            // Plain HTTP is allowed, as for our own endpoints: loopback or behind a TLS-terminating proxy (SPEC §2).
            client.UseAspNetCore().EnableRedirectionEndpointPassthrough().DisableTransportSecurityRequirement()
                .Configure(aspNetCore =>
                {
                    // The correlation cookie ties the provider's answer to this browser. Secure only over https (a
                    // Secure cookie set over plain http is dropped); Lax, which the provider's redirect back (a
                    // top-level GET with the code in the query) carries, and which needs no Secure flag.
                    aspNetCore.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    aspNetCore.CookieBuilder.SameSite = SameSiteMode.Lax;
                });
            client.UseSystemNetHttp();
        });
        openIddict.Services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>, ConfiguredProviders>();
        return openIddict;
    }

    /// <summary>
    /// One registration per <c>Auth:External</c> entry, and the server's own keys for the client's state tokens (kept
    /// in the database, so a sign-in begun before a restart, or on another process, still completes).
    /// </summary>
    private sealed class ConfiguredProviders(IOptions<AuthOptions> auth, IOptions<OpenIddictServerOptions> server)
        : IConfigureOptions<OpenIddictClientOptions>
    {
        public void Configure(OpenIddictClientOptions client)
        {
            client.SigningCredentials.AddRange(server.Value.SigningCredentials);
            client.EncryptionCredentials.AddRange(server.Value.EncryptionCredentials);
            foreach (var (name, provider) in auth.Value.External)
            {
                client.Registrations.Add(new OpenIddictClientRegistration
                {
                    ProviderName = name,
                    ProviderDisplayName = provider.DisplayName ?? name,
                    Issuer = new Uri(provider.Authority, UriKind.Absolute),
                    ClientId = provider.ClientId,
                    ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret,
                    RedirectUri = new Uri(CallbackPath.TrimStart('/'), UriKind.Relative),
                    Scopes = { Scopes.OpenId, Scopes.Profile },
                });
            }
        }
    }

    /// <summary>Refuses a provider entry that cannot work, at start rather than at someone's first sign-in.</summary>
    internal static bool ProvidersAreComplete(AuthOptions options) => options.External.All(p =>
        Uri.IsWellFormedUriString(p.Value.Authority, UriKind.Absolute) && !string.IsNullOrWhiteSpace(p.Value.ClientId)
        && p.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
}
