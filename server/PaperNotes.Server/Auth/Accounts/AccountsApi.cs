using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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

        group.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Html(AccountPages.LogIn(Token(http, antiforgery), LocalOrNull(returnUrl), null, FieldErrors.None)));

        group.MapPost("/login", LogIn);

        group.MapGet("/register", (HttpContext http, IAntiforgery antiforgery, RegistrationGate registration, string? returnUrl) =>
            registration.Mode == RegistrationMode.Closed
                ? Html(AccountPages.RegistrationClosed(LocalOrNull(returnUrl)), StatusCodes.Status403Forbidden)
                : Html(AccountPages.Register(Token(http, antiforgery), LocalOrNull(returnUrl), null, null, FieldErrors.None,
                    askInviteCode: registration.Mode == RegistrationMode.Invite)));

        group.MapPost("/register", Register);

        group.MapGet("/", async Task<Results<ContentHttpResult, RedirectHttpResult>> (HttpContext http, IAntiforgery antiforgery) =>
        {
            var signedIn = await http.AuthenticateAsync(CookieScheme);
            return signedIn.Principal is { } user
                ? Html(AccountPages.SignedIn(Token(http, antiforgery), user.Username()))
                : TypedResults.Redirect("/account/login");
        });

        group.MapPost("/logout", async Task<RedirectHttpResult> (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(CookieScheme);
            return TypedResults.LocalRedirect(LocalOrNull(returnUrl) ?? "/account/login");
        });

        return group;
    }

    private static async Task<Results<ContentHttpResult, RedirectHttpResult>> LogIn(
        [FromForm] LogInForm form, HttpContext http, IAntiforgery antiforgery, UserAccounts accounts,
        Observability.PaperNotesMetrics metrics, CancellationToken ct)
    {
        var returnUrl = LocalOrNull(form.ReturnUrl);
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
        return Html(AccountPages.LogIn(Token(http, antiforgery), returnUrl, form.Username, errors), StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<ContentHttpResult, RedirectHttpResult>> Register(
        [FromForm] RegisterForm form, HttpContext http, IAntiforgery antiforgery, UserAccounts accounts,
        RegistrationGate registration, CancellationToken ct)
    {
        var returnUrl = LocalOrNull(form.ReturnUrl);
        if (registration.Mode == RegistrationMode.Closed)
            return Html(AccountPages.RegistrationClosed(returnUrl), StatusCodes.Status403Forbidden);
        var errors = new FieldErrors();
        var username = form.Username?.Trim() ?? "";
        if (!UserNamePattern().IsMatch(username))
            errors.Add("username", "Use 3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        if (!string.IsNullOrWhiteSpace(form.Email) && !EmailPattern().IsMatch(form.Email.Trim()))
            errors.Add("email", "Enter an email address like name@example.org, or leave it empty.");
        if (PasswordRules.Problem(form.Password, username) is { } weak) errors.Add("password", weak);
        // A taken name is found before an invite is spent on it.
        if (errors.IsEmpty && accounts.FindByUserName(username) is not null)
            errors.Add("username", "This username is taken. Choose another.");
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

    private static Task SignInAsync(HttpContext http, UserAccount user) =>
        http.SignInAsync(CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", user.Id), new Claim("name", user.UserName)], CookieScheme, "name", "role")));

    private static ContentHttpResult Html(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static string Token(HttpContext http, IAntiforgery antiforgery) => antiforgery.GetAndStoreTokens(http).RequestToken!;

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
