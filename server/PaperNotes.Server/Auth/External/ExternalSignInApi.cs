using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Client.AspNetCore;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Invites;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.External;

/// <summary>
/// "Sign in with …": start at a provider, come back, and end in the same account cookie the password form sets. A
/// first sign-in chooses a username (proposed from the provider's <c>preferred_username</c>) under the registration
/// mode; later ones find the account by the provider's issuer and subject. A signed-in person links and unlinks
/// providers on the account page.
/// </summary>
public static class ExternalSignInApi
{
    private const string ReturnUrlItem = "returnUrl";
    private const string LinkToItem = "linkTo";
    private const string ProviderClaim = "provider";
    private const string IssuerClaim = "iss";
    private const string EmailClaim = "email";

    public static RouteGroupBuilder MapExternalSignIn(this RouteGroupBuilder account)
    {
        account.MapPost("/external/{provider}", Start);
        account.MapMethods("/external/callback", [HttpMethods.Get, HttpMethods.Post], Callback).DisableAntiforgery();
        account.MapGet("/external/complete", ChooseUserName);
        account.MapPost("/external/complete", Complete);
        account.MapPost("/external/{provider}/unlink", Unlink);
        return account;
    }

    /// <summary>The configured providers as the pages list them: (name, display name).</summary>
    internal static IReadOnlyList<(string Name, string DisplayName)> Providers(AuthOptions options) =>
        options.External.Keys.Select(name => (name, DisplayName(options, name))).ToList();

    /// <summary>
    /// A posted form, not a link: a page elsewhere must not be able to start a sign-in (or a link to an account) in
    /// this browser. Linking needs the account cookie of the person who asked.
    /// </summary>
    private static async Task<Results<ChallengeHttpResult, NotFound>> Start(string provider, HttpContext http,
        IOptions<AuthOptions> options, [FromForm] ExternalStartForm? form)
    {
        var name = options.Value.External.Keys.FirstOrDefault(k => string.Equals(k, provider, StringComparison.OrdinalIgnoreCase));
        if (name is null) return TypedResults.NotFound();
        var properties = new AuthenticationProperties();
        properties.Items[OpenIddictClientAspNetCoreConstants.Properties.ProviderName] = name;
        properties.Items[ReturnUrlItem] = AccountsApi.LocalOrNull(form?.ReturnUrl);
        // The form mapper gives no object for a form with none of its fields (only the antiforgery token).
        if (form?.Link == true && (await http.AuthenticateAsync(AccountsApi.CookieScheme)).Principal is { } signedIn)
            properties.Items[LinkToItem] = signedIn.UserId();
        return TypedResults.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// Back from the provider. OpenIddict has already checked the state token (single use, this browser's correlation
    /// cookie), redeemed the code with PKCE and validated the identity token before this runs.
    /// </summary>
    private static async Task<IResult> Callback(HttpContext http, ExternalLogins logins, UserAccounts accounts,
        RegistrationGate registration, IOptions<AuthOptions> options, Observability.PaperNotesMetrics metrics, CancellationToken ct)
    {
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        var subject = result.Principal?.FindFirst(Claims.Subject);
        var provider = result.Principal?.GetClaim(Claims.Private.ProviderName);
        if (!result.Succeeded || subject is null || provider is null)
            return AccountsApi.Html(AccountPages.Message("Sign-in failed",
                "The provider did not confirm who signed in. Go back to the sign-in page and try again."), StatusCodes.Status400BadRequest);

        var identity = new ExternalIdentity(provider, subject.Issuer, subject.Value);
        var returnUrl = AccountsApi.LocalOrNull(result.Properties!.GetString(ReturnUrlItem));

        if (result.Properties.GetString(LinkToItem) is { } linkTo)
        {
            // The account that asked must still be the one signed in here.
            var signedIn = (await http.AuthenticateAsync(AccountsApi.CookieScheme)).Principal;
            if (signedIn?.UserId() != linkTo || await accounts.FindByIdAsync(linkTo, ct) is null)
                return AccountsApi.Html(AccountPages.Message("Not linked", "Sign in again, then link the provider from your account page."),
                    StatusCodes.Status403Forbidden);
            return await logins.LinkAsync(linkTo, identity, ct)
                ? TypedResults.LocalRedirect("/account")
                : AccountsApi.Html(AccountPages.Message("Not linked",
                    $"This {DisplayName(options.Value, provider)} account already signs in to another PaperNotes account."), StatusCodes.Status409Conflict);
        }

        if (await logins.FindUserAsync(identity.Issuer, identity.Subject, ct) is { } user)
        {
            metrics.SignIn("external", LogInOutcome.Success);
            await AccountsApi.SignInAsync(http, user);
            return TypedResults.LocalRedirect(returnUrl ?? "/account");
        }

        // First sign-in with this identity: a new account, if this server takes them.
        if (registration.Mode == RegistrationMode.Closed)
            return AccountsApi.Html(AccountPages.RegistrationClosed(returnUrl), StatusCodes.Status403Forbidden);
        var pending = new ClaimsIdentity(
        [
            new Claim(ProviderClaim, identity.Provider), new Claim(IssuerClaim, identity.Issuer), new Claim(Claims.Subject, identity.Subject),
            new Claim(Claims.PreferredUsername, await ProposeUserNameAsync(result.Principal!, accounts, ct)),
            .. VerifiedEmail(result.Principal!) is { } email ? [new Claim(EmailClaim, email)] : Array.Empty<Claim>(),
        ], ExternalSignInExtensions.PendingScheme);
        await http.SignInAsync(ExternalSignInExtensions.PendingScheme, new ClaimsPrincipal(pending),
            new AuthenticationProperties { Items = { [ReturnUrlItem] = returnUrl } });
        return TypedResults.LocalRedirect("/account/external/complete");
    }

    private static async Task<IResult> ChooseUserName(HttpContext http, IAntiforgery antiforgery, RegistrationGate registration,
        IOptions<AuthOptions> options)
    {
        var pending = await http.AuthenticateAsync(ExternalSignInExtensions.PendingScheme);
        if (pending.Principal is not { } who) return TypedResults.LocalRedirect("/account/login");
        return AccountsApi.Html(AccountPages.ChooseUserName(AccountsApi.Token(http, antiforgery),
            DisplayName(options.Value, who.FindFirstValue(ProviderClaim)!), who.FindFirstValue(Claims.PreferredUsername), FieldErrors.None,
            askInviteCode: registration.Mode == RegistrationMode.Invite));
    }

    private static async Task<IResult> Complete([FromForm] ChooseUserNameForm? form, HttpContext http, IAntiforgery antiforgery,
        ExternalLogins logins, UserAccounts accounts, RegistrationGate registration, IOptions<AuthOptions> options,
        Observability.PaperNotesMetrics metrics, CancellationToken ct)
    {
        var pending = await http.AuthenticateAsync(ExternalSignInExtensions.PendingScheme);
        if (pending.Principal is not { } who) return TypedResults.LocalRedirect("/account/login");
        if (registration.Mode == RegistrationMode.Closed)
            return AccountsApi.Html(AccountPages.RegistrationClosed(null), StatusCodes.Status403Forbidden);
        var identity = new ExternalIdentity(who.FindFirstValue(ProviderClaim)!, who.FindFirstValue(IssuerClaim)!, who.FindFirstValue(Claims.Subject)!);
        var errors = new FieldErrors();
        var username = form?.Username?.Trim() ?? "";
        if (AccountsApi.UserNameProblem(username) is { } bad) errors.Add("username", bad);
        else if (await accounts.FindByUserNameAsync(username, ct) is not null) errors.Add("username", "This username is taken. Choose another.");
        var admission = errors.IsEmpty ? await registration.AdmitAsync(form?.InviteCode, ct) : null;
        if (admission?.Refusal is { } refusal) errors.Add("inviteCode", refusal);
        if (errors.IsEmpty)
        {
            var user = await logins.RegisterAsync(username, who.FindFirstValue(EmailClaim), identity, ct);
            if (user is not null)
            {
                metrics.SignIn("external", LogInOutcome.Success);
                await http.SignOutAsync(ExternalSignInExtensions.PendingScheme);
                await AccountsApi.SignInAsync(http, user);
                return TypedResults.LocalRedirect(AccountsApi.LocalOrNull(pending.Properties?.GetString(ReturnUrlItem)) ?? "/account");
            }
            await admission!.ReleaseAsync(CancellationToken.None);
            // The name went meanwhile, or this identity was linked from another tab: the person sees the form again.
            if (await logins.FindUserAsync(identity.Issuer, identity.Subject, ct) is { } linked)
            {
                await http.SignOutAsync(ExternalSignInExtensions.PendingScheme);
                await AccountsApi.SignInAsync(http, linked);
                return TypedResults.LocalRedirect("/account");
            }
            errors.Add("username", "This username is taken. Choose another.");
        }
        return AccountsApi.Html(AccountPages.ChooseUserName(AccountsApi.Token(http, antiforgery), DisplayName(options.Value, identity.Provider),
            form?.Username, errors, askInviteCode: registration.Mode == RegistrationMode.Invite, form?.InviteCode), StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> Unlink(string provider, HttpContext http, ExternalLogins logins, IOptions<AuthOptions> options,
        CancellationToken ct)
    {
        if ((await http.AuthenticateAsync(AccountsApi.CookieScheme)).Principal is not { } signedIn)
            return TypedResults.LocalRedirect("/account/login");
        return await logins.UnlinkAsync(signedIn.UserId(), provider, ct) switch
        {
            UnlinkOutcome.LastWayIn => AccountsApi.Html(AccountPages.Message("Not unlinked",
                $"{DisplayName(options.Value, provider)} is the only way into this account: link another provider first."), StatusCodes.Status409Conflict),
            _ => TypedResults.LocalRedirect("/account"),
        };
    }

    private static string DisplayName(AuthOptions options, string provider) =>
        options.External.TryGetValue(provider, out var configured) ? configured.DisplayName ?? provider : provider;

    /// <summary>
    /// The provider's <c>preferred_username</c> (or name, or the e-mail's local part) made into a valid username that
    /// is free now; the person may change it before the account is made.
    /// </summary>
    internal static async Task<string> ProposeUserNameAsync(ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct)
    {
        var wanted = principal.GetClaim(Claims.PreferredUsername) ?? principal.GetClaim(Claims.Nickname)
            ?? principal.GetClaim(Claims.Name) ?? principal.GetClaim(Claims.Email)?.Split('@')[0] ?? "reader";
        var cleaned = new StringBuilder();
        foreach (var c in wanted.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') cleaned.Append(c);
            else if (c is ' ' && cleaned.Length > 0 && cleaned[^1] != '-') cleaned.Append('-');
        }
        var stem = cleaned.ToString().TrimStart('.', '_', '-');
        if (stem.Length < 3) stem = (stem + "-reader").TrimStart('-');
        stem = stem[..Math.Min(stem.Length, 28)];
        var candidate = stem;
        for (var n = 2; await accounts.FindByUserNameAsync(candidate, ct) is not null && n < 1000; n++) candidate = $"{stem}-{n}";
        return candidate;
    }

    /// <summary>Kept with the account only when the provider says it verified it; never used to find an account.</summary>
    private static string? VerifiedEmail(ClaimsPrincipal principal) =>
        principal.GetClaim(Claims.EmailVerified) is "true" or "True" ? principal.GetClaim(Claims.Email) : null;
}

/// <summary>The "Sign in with …" and "Link …" buttons' form.</summary>
public sealed class ExternalStartForm
{
    public string? ReturnUrl { get; set; }
    /// <summary>True on the account page: add this provider to the signed-in account instead of signing in.</summary>
    public bool Link { get; set; }
}

/// <summary>A first upstream sign-in's form: the username to take, and the invite code in invite mode.</summary>
public sealed class ChooseUserNameForm
{
    public string? Username { get; set; }
    public string? InviteCode { get; set; }
}
