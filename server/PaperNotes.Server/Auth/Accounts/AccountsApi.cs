using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Auth.External;
using PaperNotes.Server.Auth.Invites;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>Register, log in and log out: HTML forms that end in the account cookie the authorize endpoint reads.</summary>
public static partial class AccountsApi
{
    /// <summary>The cookie that remembers who signed in, for the authorize endpoint only (the API takes tokens).</summary>
    public const string CookieScheme = "PaperNotes.Account";

    internal const string LogInRefused =
        "The username or password is not right. After several failed attempts, wait a few minutes before trying again.";

    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/account").ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                // Pages carry antiforgery tokens: never cache them, never frame them. The same Cache-Control as
                // antiforgery sets, or it overrides ours and logs a warning on every page view.
                var headers = context.HttpContext.Response.Headers;
                headers.CacheControl = "no-cache, no-store";
                headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
                return await next(context);
            });

        group.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, IOptions<AuthOptions> options, string? returnUrl) =>
            Html(AccountPages.LogIn(Token(http, antiforgery), LocalOrNull(returnUrl), null, FieldErrors.None, SignInChoices(options.Value))));

        group.MapPost("/login", LogIn);

        group.MapGet("/register", (HttpContext http, IAntiforgery antiforgery, RegistrationGate registration,
            IOptions<AuthOptions> options, string? returnUrl) =>
            registration.Mode == RegistrationMode.Closed
                ? Html(AccountPages.RegistrationClosed(LocalOrNull(returnUrl)), StatusCodes.Status403Forbidden)
                : !options.Value.PasswordSignIn
                    ? Html(AccountPages.PasswordsOff(LocalOrNull(returnUrl)), StatusCodes.Status403Forbidden)
                    : Html(AccountPages.Register(Token(http, antiforgery), LocalOrNull(returnUrl), null, null, FieldErrors.None,
                        askInviteCode: registration.Mode == RegistrationMode.Invite)));

        group.MapPost("/register", Register);

        group.MapGet("/", async Task<Results<ContentHttpResult, RedirectHttpResult>> (HttpContext http, IAntiforgery antiforgery,
            UserAccounts accounts, ExternalLogins logins, IOptions<AuthOptions> options) =>
        {
            var signedIn = await http.AuthenticateAsync(CookieScheme);
            if (signedIn.Principal is not { } principal || await accounts.FindByIdAsync(principal.UserId()) is not { } user)
                return TypedResults.Redirect("/account/login");
            var linked = (await logins.ForUserAsync(user.Id)).Select(l => l.Provider).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var providers = ExternalSignInApi.Providers(options.Value)
                .Select(p => new AccountPages.ProviderLink(p.Name, p.DisplayName, linked.Contains(p.Name))).ToList();
            return Html(AccountPages.SignedIn(Token(http, antiforgery), user.UserName, providers));
        });

        group.MapExternalSignIn();

        group.MapPost("/logout", async Task<RedirectHttpResult> (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(CookieScheme);
            return TypedResults.LocalRedirect(LocalOrNull(returnUrl) ?? "/account/login");
        });

        return group;
    }

    /// <summary>What the log-in page offers: the password form (unless turned off) and each upstream provider.</summary>
    private static AccountPages.SignInChoices SignInChoices(AuthOptions options) =>
        new(options.PasswordSignIn, ExternalSignInApi.Providers(options));

    private static async Task<Results<ContentHttpResult, RedirectHttpResult>> LogIn(
        [FromForm] LogInForm form, HttpContext http, IAntiforgery antiforgery, UserAccounts accounts,
        IOptions<AuthOptions> options, Observability.PaperNotesMetrics metrics, CancellationToken ct)
    {
        var returnUrl = LocalOrNull(form.ReturnUrl);
        if (!options.Value.PasswordSignIn) return Html(AccountPages.PasswordsOff(returnUrl), StatusCodes.Status403Forbidden);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(form.Username)) errors.Add("username", "Enter your username.");
        if (string.IsNullOrEmpty(form.Password)) errors.Add("password", "Enter your password.");
        if (errors.IsEmpty)
        {
            var source = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var (outcome, user) = await accounts.LogInAsync(form.Username!, form.Password!, source, ct);
            metrics.SignIn("password", outcome);
            if (outcome == LogInOutcome.Success)
            {
                await SignInAsync(http, user!);
                return TypedResults.LocalRedirect(returnUrl ?? "/account");
            }
            // One answer whether the account exists, the password is wrong or this browser must wait.
            errors.Add("password", LogInRefused);
        }
        return Html(AccountPages.LogIn(Token(http, antiforgery), returnUrl, form.Username, errors, SignInChoices(options.Value)),
            StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<ContentHttpResult, RedirectHttpResult>> Register(
        [FromForm] RegisterForm form, HttpContext http, IAntiforgery antiforgery, UserAccounts accounts,
        RegistrationGate registration, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var returnUrl = LocalOrNull(form.ReturnUrl);
        if (registration.Mode == RegistrationMode.Closed)
            return Html(AccountPages.RegistrationClosed(returnUrl), StatusCodes.Status403Forbidden);
        if (!options.Value.PasswordSignIn) return Html(AccountPages.PasswordsOff(returnUrl), StatusCodes.Status403Forbidden);
        var errors = new FieldErrors();
        var username = form.Username?.Trim() ?? "";
        if (UserNameProblem(username) is { } bad) errors.Add("username", bad);
        if (!string.IsNullOrWhiteSpace(form.Email) && !EmailPattern().IsMatch(form.Email.Trim()))
            errors.Add("email", "Enter an email address like name@example.org, or leave it empty.");
        if (PasswordRules.Problem(form.Password, username) is { } weak) errors.Add("password", weak);
        // Admitted first, then told the name is taken (and the invite code given back): in invite mode, someone without
        // a code learns nothing about which accounts exist.
        var admission = errors.IsEmpty ? await registration.AdmitAsync(form.InviteCode, ct) : null;
        if (admission?.Refusal is { } refusal) errors.Add("inviteCode", refusal);
        if (errors.IsEmpty)
        {
            var user = await accounts.RegisterAsync(username, form.Email, form.Password!, ct);
            if (user is not null)
            {
                await SignInAsync(http, user);
                return TypedResults.LocalRedirect(returnUrl ?? "/account");
            }
            await admission!.ReleaseAsync(CancellationToken.None);
            errors.Add("username", "This username is taken. Choose another.");
        }
        return Html(AccountPages.Register(Token(http, antiforgery), returnUrl, form.Username, form.Email, errors,
            askInviteCode: registration.Mode == RegistrationMode.Invite, form.InviteCode), StatusCodes.Status400BadRequest);
    }

    /// <summary>Why <paramref name="username"/> cannot be a username; null when it can.</summary>
    internal static string? UserNameProblem(string username) => UserNamePattern().IsMatch(username)
        ? null
        : "Use 3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit.";

    internal static Task SignInAsync(HttpContext http, UserAccount user) =>
        http.SignInAsync(CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", user.Id), new Claim("name", user.UserName)], CookieScheme, "name", "role")));

    internal static ContentHttpResult Html(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    internal static string Token(HttpContext http, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(http).RequestToken!;

    /// <summary>
    /// Only paths on this server: anything else would make the forms an open redirector. The framework's check also
    /// refuses control characters, which browsers strip: a tab between two slashes would make <c>//evil.example</c>.
    /// Printable ASCII only: a Location header cannot carry anything else.
    /// </summary>
    internal static string? LocalOrNull(string? url) =>
        RedirectHttpResult.IsLocalUrl(url) && url.All(c => c is > ' ' and < '\u007f') ? url : null;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
