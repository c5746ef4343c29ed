using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using PaperNotes.Server.Auth.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Connect;

/// <summary>The one client, the browser extension: public, code flow with PKCE S256, no consent screen.</summary>
public static partial class ExtensionClient
{
    public const string ClientId = "papernotes-extension";

    /// <summary>The scope every <c>/api</c> route and the hub require.</summary>
    public const string ApiScope = "api";

    public static OpenIddictApplicationDescriptor Descriptor(IEnumerable<string> redirectUris) =>
        PublicClientDescriptor(ClientId, ApplicationTypes.Native, "PaperNotes extension", redirectUris);

    /// <summary>
    /// What every public client of ours may do (the extension and the web library): code flow with PKCE, refresh,
    /// revocation and end session, scopes <c>profile</c> and <c>api</c>, no consent screen, exact redirect URIs.
    /// </summary>
    public static OpenIddictApplicationDescriptor PublicClientDescriptor(string clientId, string applicationType,
        string displayName, IEnumerable<string> redirectUris)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            ApplicationType = applicationType,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = displayName,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        return descriptor;
    }

    /// <summary>
    /// A native app's loopback redirect may use any port (RFC 8252 §7.3): <c>http://127.0.0.1:&lt;port&gt;/callback</c>
    /// matches on everything but the port, character for character: a parsed comparison would also take
    /// <c>/x/../callback</c>, <c>/%63allback</c> or a trailing tab, which browsers and callback servers read otherwise.
    /// Anything else must equal a registered URI exactly.
    /// </summary>
    public static bool IsLoopbackCallback(string uri) =>
        LoopbackCallback().Match(uri) is { Success: true } match && int.Parse(match.Groups["port"].ValueSpan) <= 65535;

    [GeneratedRegex(@"^http://127\.0\.0\.1:(?<port>[1-9][0-9]{0,4})/callback\z", RegexOptions.CultureInvariant)]
    private static partial Regex LoopbackCallback();
}

/// <summary>OpenIddict's application manager, plus loopback redirect URIs on any port for the extension client.</summary>
/// <typeparam name="TApplication">The engine's application entity (LiteDB's or Entity Framework Core's).</typeparam>
public sealed class LoopbackRedirectApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store) where TApplication : class
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(TApplication application, string uri, CancellationToken cancellationToken = default) =>
        await base.ValidateRedirectUriAsync(application, uri, cancellationToken)
        || (ExtensionClient.IsLoopbackCallback(uri)
            && await GetClientIdAsync(application, cancellationToken) == ExtensionClient.ClientId);
}
