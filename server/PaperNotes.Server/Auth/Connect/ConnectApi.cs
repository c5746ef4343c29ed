using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Connect;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to us (SPEC §3): it validates each request (client,
/// redirect URI, PKCE, scopes) before these run, and turns their sign-in results into codes and tokens.
/// </summary>
public static class ConnectApi
{
    /// <summary>Authorization property naming the device (the browser's user agent) a sign-in came from.</summary>
    public const string DeviceProperty = "device";

    public static RouteGroupBuilder MapConnect(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/connect").ExcludeFromDescription();
        group.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize);
        group.MapPost("/token", Exchange);
        group.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfo);
        group.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], (Delegate)LogOut);
        return group;
    }

    private static async Task<IResult> Authorize(HttpContext http, UserAccounts accounts,
        IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations, TimeProvider clock, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(AccountsApi.CookieScheme);
        var user = signedIn.Principal is { } cookie ? await accounts.FindByIdAsync(cookie.UserId(), ct) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            // Back to this same request once the log-in form succeeds (prompt=login dropped, or it would loop).
            var parameters = request.GetParameters()
                .Where(p => !(p.Key == Parameters.Prompt && request.HasPromptValue(PromptValues.Login)))
                .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value));
            var back = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            if (user is null && signedIn.Principal is not null) await http.SignOutAsync(AccountsApi.CookieScheme);
            return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = back }, [AccountsApi.CookieScheme]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, ct)
            ?? throw new InvalidOperationException("OpenIddict let an unknown client through.");
        var identity = Identity(user);
        identity.SetScopes(request.GetScopes());

        // Each sign-in is its own ad-hoc authorization: one device, one refresh-token family, revocable alone.
        // Our only client is first-party, so there is no consent screen to remember a permanent one.
        var device = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application, ct),
            CreationDate = clock.GetUtcNow(),
            Principal = new ClaimsPrincipal(identity),
            Status = Statuses.Valid,
            Subject = user.Id,
            Type = AuthorizationTypes.AdHoc,
            Properties = { [DeviceProperty] = JsonSerializer.SerializeToElement(DeviceName(http.Request.Headers.UserAgent.ToString())) },
        };
        device.Scopes.UnionWith(identity.GetScopes());
        var authorization = await authorizations.CreateAsync(device, ct);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, ct));
        identity.SetDestinations(DestinationsOf);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Code and refresh grants: OpenIddict has checked the code or refresh token; we check the account still exists.</summary>
    private static async Task<IResult> Exchange(HttpContext http, UserAccounts accounts)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
            return Refuse(Errors.UnsupportedGrantType, "Only authorization_code and refresh_token are supported.");

        var grant = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = grant.Principal?.GetClaim(Claims.Subject) is { } subject ? await accounts.FindByIdAsync(subject, http.RequestAborted) : null;
        if (user is null) return Refuse(Errors.InvalidGrant, "The account no longer exists.");

        // Keep the grant's scopes, authorization (device) and token ids; refresh the profile claims.
        var identity = new ClaimsIdentity(grant.Principal!.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Name, user.UserName).SetClaim(Claims.PreferredUsername, user.UserName);
        identity.SetDestinations(DestinationsOf);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<Results<Ok<Dictionary<string, object>>, ChallengeHttpResult>> UserInfo(HttpContext http, UserAccounts accounts)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await accounts.FindByIdAsync(subject, http.RequestAborted) : null;
        if (user is null)
        {
            return TypedResults.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The account no longer exists.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var granted = result.Principal!;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (granted.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.UserName;
            claims[Claims.PreferredUsername] = user.UserName;
        }
        if (granted.HasScope(Scopes.Email) && user.Email is not null) claims[Claims.Email] = user.Email;
        return TypedResults.Ok(claims);
    }

    /// <summary>
    /// RP-initiated logout: ends the account cookie; OpenIddict redirects to a registered post-logout URI. Any site can
    /// make a browser GET or POST here, so it takes either an <c>id_token_hint</c> (which OpenIddict has validated) or
    /// a form posted with this server's antiforgery token; otherwise nothing is signed out.
    /// </summary>
    private static async Task<IResult> LogOut(HttpContext http, IAntiforgery antiforgery)
    {
        var hinted = http.GetOpenIddictServerRequest()?.IdTokenHint is { Length: > 0 }
            && (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal is not null;
        if (!hinted && !(HttpMethods.IsPost(http.Request.Method) && await antiforgery.IsRequestValidAsync(http)))
            return Problems.Of(StatusCodes.Status400BadRequest, ProblemTypes.ForStatus(StatusCodes.Status400BadRequest),
                "Sign-out needs proof", "Send id_token_hint, or post the sign-out form of this server.");
        await http.SignOutAsync(AccountsApi.CookieScheme);
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/account/login" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static ClaimsIdentity Identity(UserAccount user)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaim(Claims.PreferredUsername, user.UserName);
        return identity;
    }

    /// <summary>
    /// The API reads <c>sub</c> and <c>name</c> from access tokens (<see cref="Caller"/>), so both always go there;
    /// the identity token carries the profile only when the client asked for it.
    /// </summary>
    private static IEnumerable<string> DestinationsOf(Claim claim) => claim.Type switch
    {
        Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name or Claims.PreferredUsername when claim.Subject!.HasScope(Scopes.Profile) =>
            [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name => [Destinations.AccessToken],
        // OpenIddict's own claims (oi_*) are handled by OpenIddict; nothing else leaks into tokens.
        _ => [],
    };

    private static ForbidHttpResult Refuse(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>A short, human name for the device list: browser and platform from the user agent.</summary>
    internal static string DeviceName(string userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return "Unknown device";
        string? browser = userAgent switch
        {
            var ua when ua.Contains("Edg/") => "Edge",
            var ua when ua.Contains("OPR/") => "Opera",
            var ua when ua.Contains("Chrome/") || ua.Contains("Chromium/") => "Chrome",
            var ua when ua.Contains("Firefox/") => "Firefox",
            var ua when ua.Contains("Safari/") => "Safari",
            _ => null,
        };
        string? platform = userAgent switch
        {
            var ua when ua.Contains("Windows") => "Windows",
            var ua when ua.Contains("Android") => "Android",
            var ua when ua.Contains("iPhone") || ua.Contains("iPad") => "iOS",
            var ua when ua.Contains("Mac OS X") => "macOS",
            var ua when ua.Contains("CrOS") => "ChromeOS",
            var ua when ua.Contains("Linux") => "Linux",
            _ => null,
        };
        return (browser, platform) switch
        {
            (null, null) => userAgent.Length <= 60 ? userAgent : userAgent[..60],
            (null, _) => platform!,
            (_, null) => browser,
            _ => $"{browser} on {platform}",
        };
    }
}
