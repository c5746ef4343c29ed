using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>The register and log-in pages as a person uses them.</summary>
public sealed class AccountTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Opens <paramref name="page"/>, fills its form and submits it; true when it ended signed in.</summary>
    private async Task<(bool SignedIn, string? Page)> SubmitAsync(string page, Dictionary<string, string> fields)
    {
        using var browser = new FormFollowingBrowser(_app.BaseAddress, fields);
        var result = await browser.InvokeAsync(new Duende.IdentityModel.OidcClient.Browser.BrowserOptions(
            new Uri(_app.BaseAddress, page).ToString(), new Uri(_app.BaseAddress, "account").ToString()));
        return (!result.IsError, browser.LastPage);
    }

    private Task<(bool SignedIn, string? Page)> LogInAsync(string username, string password) =>
        SubmitAsync("account/login", new() { ["username"] = username, ["password"] = password });

    private const string Refused = "The username or password is not right. After several failed attempts, wait a few minutes";

    [Fact]
    public async Task AfterFiveFailedLogInsEvenTheRightPasswordIsRefusedWithTheSameAnswer()
    {
        await _app.EnsureRegisteredAsync("mallory");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var (signedIn, page) = await LogInAsync("mallory", "guess-" + attempt);
            Assert.False(signedIn);
            Assert.Contains(Refused, page);
        }

        var (rightPassword, locked) = await LogInAsync("mallory", PaperNotesApplication.Password);
        Assert.False(rightPassword);
        Assert.Contains(Refused, locked);
    }

    [Fact]
    public async Task AnUnknownUsernameGetsTheSameAnswerAsAWrongPasswordEvenAfterManyAttempts()
    {
        await _app.EnsureRegisteredAsync("mallory");
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var (_, real) = await LogInAsync("mallory", "guess-" + attempt);
            var (_, unknown) = await LogInAsync("nobody-here", "guess-" + attempt);
            Assert.Equal(ErrorOf(real), ErrorOf(unknown));
        }

        static string? ErrorOf(string? page) =>
            new HtmlParser().ParseDocument(page!).QuerySelector("#password-error")?.TextContent;
    }

    [Fact]
    public async Task ParallelLogInsGetNoMorePasswordChecksThanTheLimit()
    {
        var hasher = new CountingHasher("victim");
        await using var app = new PaperNotesApplication().WithServices(services =>
            services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<PaperNotes.Server.Auth.Accounts.UserAccount>>(hasher));
        await app.EnsureRegisteredAsync("victim");
        using var http = FormFollowingBrowser.CreateHttpClient(app.BaseAddress);
        var page = new HtmlParser().ParseDocument(await http.GetStringAsync("account/login"));
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 80).Select(async i =>
        {
            using var response = await http.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery, ["username"] = "victim", ["password"] = "guess-" + i,
            }));
            return response.StatusCode;
        }));

        Assert.All(attempts, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.InRange(hasher.Checks, 1, 5);
    }

    [Theory]
    [InlineData("ali\u00adce")]
    [InlineData("alice\u200b")]
    [InlineData("ali\u200dce")]
    public async Task ANameThatOnlyLooksLikeAnotherDoesNotSignInAsIt(string lookalike)
    {
        await _app.EnsureRegisteredAsync("alice");

        var (signedIn, page) = await LogInAsync(lookalike, PaperNotesApplication.Password);

        Assert.False(signedIn);
        Assert.Contains(Refused, page);
        Assert.True((await LogInAsync("ALICE", PaperNotesApplication.Password)).SignedIn);
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("password")]
    [InlineData("        ")]
    [InlineData("aaaaaaaaaa")]
    [InlineData("Password123")]
    public async Task CommonPasswordsAreRefusedAtRegistration(string password)
    {
        var (signedIn, page) = await SubmitAsync("account/register", new() { ["username"] = "newcomer", ["password"] = password });

        Assert.False(signedIn);
        Assert.Contains("""<p class="error" id="password-error">""", page);
    }

    /// <summary>The real hasher, counting how often the password of <paramref name="userName"/> is checked.</summary>
    private sealed class CountingHasher(string userName) : Microsoft.AspNetCore.Identity.IPasswordHasher<PaperNotes.Server.Auth.Accounts.UserAccount>
    {
        private readonly Microsoft.AspNetCore.Identity.PasswordHasher<PaperNotes.Server.Auth.Accounts.UserAccount> _real = new();
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public string HashPassword(PaperNotes.Server.Auth.Accounts.UserAccount user, string password) => _real.HashPassword(user, password);

        public Microsoft.AspNetCore.Identity.PasswordVerificationResult VerifyHashedPassword(
            PaperNotes.Server.Auth.Accounts.UserAccount user, string hashedPassword, string providedPassword)
        {
            if (user.UserName == userName) Interlocked.Increment(ref _checks);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task TheLockoutEndsAfterItsDuration()
    {
        await _app.EnsureRegisteredAsync("trudy");
        for (var attempt = 1; attempt <= 5; attempt++) await LogInAsync("trudy", "guess-" + attempt);

        _app.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.True((await LogInAsync("trudy", PaperNotesApplication.Password)).SignedIn);
    }

    [Fact]
    public async Task UsernamesAreUniqueIgnoringCase()
    {
        await _app.EnsureRegisteredAsync("Grace");

        var (signedIn, page) = await SubmitAsync("account/register",
            new() { ["username"] = "grace", ["password"] = "another password" });

        Assert.False(signedIn);
        Assert.Contains("This username is taken", page);
        Assert.True((await LogInAsync("GRACE", PaperNotesApplication.Password)).SignedIn);
    }

    [Fact]
    public async Task RegistrationErrorsAreShownNextToTheirFields()
    {
        var (signedIn, page) = await SubmitAsync("account/register",
            new() { ["username"] = "x", ["email"] = "not-an-email", ["password"] = "short" });

        Assert.False(signedIn);
        Assert.Contains("""aria-describedby="username-hint username-error" """.Trim(), page);
        Assert.Contains("""<p class="error" id="username-error">""", page);
        Assert.Contains("""<p class="error" id="email-error">""", page);
        Assert.Contains("""<p class="error" id="password-error">""", page);
        Assert.Contains("""role="alert">""", page);
    }

    [Fact]
    public async Task AFormPostedWithoutTheAntiforgeryTokenIsRefused()
    {
        using var http = _app.CreateAnonymousClient();

        using var response = await http.PostAsync("account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "csrf-victim",
            ["password"] = "long enough password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await LogInAsync("csrf-victim", "long enough password")).SignedIn);
    }

    [Fact]
    public async Task TheLogInFormNeverRedirectsOffSite()
    {
        await _app.EnsureRegisteredAsync("eve");
        using var http = FormFollowingBrowser.CreateHttpClient(_app.BaseAddress);
        var html = await http.GetStringAsync("account/login?returnUrl=https%3A%2F%2Fattacker.example%2F");

        Assert.DoesNotContain("attacker.example", html);
    }

    /// <summary>
    /// Each account form with return URLs that a "starts with one slash" check lets through or that are plainly
    /// elsewhere (browsers drop tabs and newlines from a URL and read a backslash as a slash), and where it must land.
    /// </summary>
    public static TheoryData<string, string, string> OffSiteReturnUrls()
    {
        string[] offSite =
        [
            "/\t/attacker.example", "/\n/attacker.example", "/\t\\attacker.example",
            "/\\attacker.example", "//attacker.example", "https://attacker.example",
            // Not a redirect at all: a Location header cannot carry it.
            "/\u3000/x",
        ];
        var rows = new TheoryData<string, string, string>();
        foreach (var returnUrl in offSite)
        {
            rows.Add("account/login", returnUrl, "/account");
            rows.Add("account/register", returnUrl, "/account");
            rows.Add("account/logout", returnUrl, "/account/login");
        }
        return rows;
    }

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="action"/> as is, hidden <c>returnUrl</c> included, with the
    /// antiforgery token the log-in page hands out (it serves every account form of the same cookie jar).
    /// </summary>
    private async Task<HttpResponseMessage> PostFormAsync(string action, Dictionary<string, string> fields)
    {
        using var http = FormFollowingBrowser.CreateHttpClient(_app.BaseAddress);
        var page = new HtmlParser().ParseDocument(await http.GetStringAsync("account/login"));
        fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [Theory]
    [MemberData(nameof(OffSiteReturnUrls))]
    public async Task TheFormsNeverRedirectOffSite(string form, string returnUrl, string landing)
    {
        // The register form creates eve's account; the log-in form needs it already.
        if (form == "account/login") await _app.EnsureRegisteredAsync("eve");

        using var response = await PostFormAsync(form, new()
        {
            ["username"] = "eve", ["password"] = PaperNotesApplication.Password, ["returnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnotherSiteCannotSignTheAccountOutThroughConnectLogout()
    {
        await _app.EnsureRegisteredAsync("eve");
        using var http = FormFollowingBrowser.CreateHttpClient(_app.BaseAddress);
        var page = new HtmlParser().ParseDocument(await http.GetStringAsync("account/login"));
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var login = await http.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["username"] = "eve", ["password"] = PaperNotesApplication.Password,
        }));
        Assert.Equal("/account", login.Headers.Location?.OriginalString);

        // What an image tag or a cross-site form on any page makes the browser send.
        using var get = await http.GetAsync("connect/logout");
        using var post = await http.PostAsync("connect/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        using var account = await http.GetAsync("account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains("You are signed in to PaperNotes as", await account.Content.ReadAsStringAsync());

        // This server's own form, with its antiforgery token, still signs out.
        var signedIn = new HtmlParser().ParseDocument(await http.GetStringAsync("account"));
        using var own = await http.PostAsync("connect/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = signedIn.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));
        Assert.True((int)own.StatusCode is >= 300 and < 400, own.StatusCode.ToString());
        using var after = await http.GetAsync("account");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task BehindATlsProxyTheCookieIsSecureAndHstsIsSent()
    {
        await using var app = new PaperNotesApplication().WithSetting("Server:ForwardedHeaders", "true");
        await app.EnsureRegisteredAsync("eve");
        using var http = FormFollowingBrowser.CreateHttpClient(app.BaseAddress);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // As the proxy passes it on (HSTS is never sent for a loopback host name).
        http.DefaultRequestHeaders.Host = "papernotes.example";
        var page = new HtmlParser().ParseDocument(await http.GetStringAsync("account/login"));

        using var login = await http.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["username"] = "eve", ["password"] = PaperNotesApplication.Password,
        }));

        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("papernotes.account=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("no-referrer", login.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        using var docs = await http.GetAsync("docs");
        Assert.Contains("frame-ancestors 'none'", docs.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task ALocalReturnUrlIsFollowedAfterLoggingIn()
    {
        await _app.EnsureRegisteredAsync("eve");

        using var response = await PostFormAsync("account/login", new()
        {
            ["username"] = "eve", ["password"] = PaperNotesApplication.Password, ["returnUrl"] = "/account?from=test",
        });

        Assert.Equal("/account?from=test", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ThePagesUseNoExternalAssets()
    {
        using var http = _app.CreateAnonymousClient();
        foreach (var page in new[] { "account/login", "account/register" })
        {
            using var response = await http.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("http", html.Replace("http-equiv", ""));
            Assert.Contains("""<html lang="en">""", html);
        }
    }
}
