using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Connect;
using PaperNotes.Server.Auth.Cors;
using PaperNotes.Server.Auth.Devices;
using PaperNotes.Server.Auth.External;
using PaperNotes.Server.Auth.Invites;
using PaperNotes.Server.Auth.Keys;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Auth.Revocation;
using PaperNotes.Server.Auth.Stores;
using PaperNotes.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Name of the policy every <c>/api</c> route and the hub require: a token with scope <c>api</c>.</summary>
    public const string ApiPolicy = "api";

    /// <summary>How long a device stays signed in without using its refresh token (each use slides it).</summary>
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>
    /// OpenIddict server and validation on LiteDB, the account pages' cookie, the <c>api</c> policy and CORS for the
    /// extension's origins (SPEC §3).
    /// </summary>
    public static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.ExtensionRedirectUris.All(u => Uri.IsWellFormedUriString(u, UriKind.Absolute)),
                "Auth:ExtensionRedirectUris must be absolute URIs.")
            .Validate(o => o.Issuer is null || Uri.IsWellFormedUriString(o.Issuer, UriKind.Absolute), "Auth:Issuer must be an absolute URI.")
            .Validate(o => o.RateLimit.IsValid, "Auth:RateLimit:PermitLimit and :Window must be positive.")
            .Validate(ExternalSignInExtensions.ProvidersAreComplete,
                "Each Auth:External:<Name> (letters, digits, - or _) needs an absolute Authority and a ClientId.")
            .ValidateOnStart();
        services.AddSingleton<UserAccounts>();
        services.AddRegistrationModes();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<IAllowedOrigins, ConfiguredOrigins>();
        services.AddSingleton<ICorsPolicyProvider, AllowedOriginsCorsPolicy>();
        services.AddCors();
        services.AddAntiforgery();
        // Token keys first: they are read from the store before anything signs or validates a token.
        services.AddHostedService(sp => sp.GetRequiredService<TokenKeys>());
        services.AddHostedService<SignInStartup>();
        services.AddHostedService<ExpiredEntriesPruner>();
        services.AddSingleton<LocalConnectionRevocations>();
        services.AddSingleton<IConnectionRevocations>(sp => sp.GetRequiredService<LocalConnectionRevocations>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalConnectionRevocations>());

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(AccountsApi.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "papernotes.account";
                cookie.Cookie.HttpOnly = true;
                // Secure whenever the request is https, which a TLS proxy's X-Forwarded-Proto makes it (TransportSecurity).
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.LoginPath = "/account/login";
                cookie.LogoutPath = "/account/logout";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.ExpireTimeSpan = RefreshTokenLifetime;
                cookie.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(Claims.Subject)
                .RequireAssertion(context => context.User.HasScope(ExtensionClient.ApiScope)));

        // The core's stores are the storage engine's (Storage/StorageExtensions); these managers work on either.
        services.AddOpenIddict()
            .AddCore(core => core
                .ReplaceApplicationManager(typeof(LoopbackRedirectApplicationManager<>))
                // Revoking a device, a token or an account also ends the hub connections it opened.
                .ReplaceAuthorizationManager(typeof(RevokingAuthorizationManager<>))
                .ReplaceTokenManager(typeof(RevokingTokenManager<>)))
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/logout");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, ExtensionClient.ApiScope);
                server.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(5))
                    .SetAccessTokenLifetime(TimeSpan.FromMinutes(15))
                    .SetRefreshTokenLifetime(RefreshTokenLifetime)
                    // No leeway: a refresh token works once; presenting it again revokes its whole family.
                    .SetRefreshTokenReuseLeeway(null);
                // The client holds a 256-bit handle and the server the token itself (validation reads every token's
                // entry anyway, for revocation). The hub takes the token in its URL, and a WebSocket request lives as
                // long as its connection: a 43-character handle instead of a 1.6 KB encrypted token in every URL,
                // log line and API request.
                server.UseReferenceAccessTokens();
                // `plain` PKCE would let an intercepted code be redeemed; S256 only.
                server.Configure(o =>
                {
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                // Plain HTTP is allowed: the server listens on loopback or behind a TLS-terminating proxy (SPEC §2).
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            // Upstream providers (Hugging Face, Keycloak, …) on the log-in page (External/).
            .AddExternalSignIn()
            .AddValidation(validation =>
            {
                // Access tokens stay encrypted (opaque to clients); the validation shares the server's keys in-process.
                validation.UseLocalServer();
                // Revoking a device or a token takes effect at once, not when the access token expires.
                validation.EnableAuthorizationEntryValidation();
                validation.EnableTokenEntryValidation();
                // Bearer headers only (and the hub's query, below): reading every form body as a possible token made any
                // malformed form on any route a 500.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromQueryString().DisableAccessTokenExtractionFromBodyForm();
                validation.AddEventHandler(HubAccessTokenFromQuery.Descriptor);
            });
        services.AddSingleton<TokenKeys>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<TokenKeys>());
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<AuthOptions>>((server, auth) =>
        {
            if (auth.Value.Issuer is { } issuer) server.Issuer = new Uri(issuer, UriKind.Absolute);
        });
        return services;
    }

    /// <summary>Account pages, the OpenID Connect endpoints and <c>/api/devices</c>.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder routes)
    {
        routes.MapAccounts();
        routes.MapConnect();
        routes.MapDevices();
        return routes;
    }
}

/// <summary>
/// Browsers cannot set headers on a WebSocket, so the hub alone takes the access token from <c>access_token</c> in
/// the query; elsewhere a token in a URL (and so in logs) is refused.
/// </summary>
internal static class HubAccessTokenFromQuery
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<OpenIddictValidationEvents.ProcessAuthenticationContext>()
            .UseInlineHandler(context =>
            {
                if (string.IsNullOrEmpty(context.AccessToken)
                    && context.Transaction.GetHttpRequest() is { } request
                    && request.Path.StartsWithSegments("/hubs")
                    && request.Query.TryGetValue(Parameters.AccessToken, out var token))
                {
                    context.AccessToken = token;
                }
                return default;
            })
            .SetOrder(OpenIddictValidationAspNetCoreHandlers.ExtractAccessTokenFromQueryString.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();
}
