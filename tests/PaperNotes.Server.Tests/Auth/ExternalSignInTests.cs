using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>
/// "Sign in with …" against a real OpenID Connect provider on loopback: a second PaperNotes server, whose OpenIddict
/// server gets a confidential client for the first. The provider is addressed as <c>localhost</c> and PaperNotes as
/// <c>127.0.0.1</c>, so each keeps its own cookies in the one browser, as two sites would.
/// </summary>
public sealed class ExternalSignInTests : IAsyncDisposable
{
    private const string ClientSecret = "a-secret-only-these-two-servers-know";
    private readonly List<PaperNotesApplication> _servers = [];

    [Fact]
    public async Task AFirstUpstreamSignInCreatesTheAccountWithAChosenNameAndTheNextFindsIt()
    {
        var lab = await StartProviderAsync("ada");
        var app = Start(new PaperNotesApplication(), ("Lab", lab, "Lab Login"));
        await RegisterClientAsync(lab, app);

        using (var browser = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var login = await browser.OpenAsync(new Uri(app.BaseAddress, "account/login"));
            Assert.Contains("Sign in with Lab Login", login.Html);
            var choose = await browser.SubmitAsync(login, "/account/external/Lab");
            Assert.Equal("/account/external/complete", choose.Url.AbsolutePath);
            Assert.Contains("You signed in with Lab Login", choose.Html);
            Assert.Equal("ada", browser.FieldValue(choose, "username"));
            var account = await browser.SubmitAsync(choose, "/account/external/complete", new() { ["username"] = "ada-lovelace" });
            Assert.Equal("/account", account.Url.AbsolutePath);
            Assert.Contains("<strong>ada-lovelace</strong>", account.Html);
            Assert.Contains("Lab Login: linked", account.Html);
        }

        // Another browser, another day: the provider's subject finds the account; no second one is made.
        using (var browser = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var account = await browser.SubmitAsync(await browser.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
            Assert.Equal("/account", account.Url.AbsolutePath);
            Assert.Contains("<strong>ada-lovelace</strong>", account.Html);
        }
        var accounts = app.Services.GetRequiredService<UserAccounts>();
        Assert.NotNull(await accounts.FindByUserNameAsync("ada-lovelace"));
        Assert.Null(await accounts.FindByUserNameAsync("ada"));

        // The provider is this account's only way in: unlinking it is refused.
        using (var browser = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var account = await browser.SubmitAsync(await browser.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
            var refused = await browser.SubmitAsync(account, "/account/external/Lab/unlink");
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Contains("only way into this account", refused.Html);
        }
    }

    [Fact]
    public async Task TheSameSubjectFromAnotherIssuerDoesNotFindTheAccount()
    {
        var lab = await StartProviderAsync("ada");
        var other = await StartProviderAsync();
        // The other provider's user has the very subject the lab gave Ada (an id only unique within its issuer).
        var adaAtLab = (await lab.Services.GetRequiredService<UserAccounts>().FindByUserNameAsync("ada"))!;
        await CreateUserWithIdAsync(other, adaAtLab.Id, "ada");
        var app = Start(new PaperNotesApplication(), ("Lab", lab, "Lab Login"), ("Other", other, "Other Login"));
        await RegisterClientAsync(lab, app);
        await RegisterClientAsync(other, app);

        using (var browser = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var choose = await browser.SubmitAsync(await browser.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
            await browser.SubmitAsync(choose, "/account/external/complete");
        }
        using (var browser = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var page = await browser.SubmitAsync(await browser.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Other");
            Assert.Equal("/account/external/complete", page.Url.AbsolutePath);
            Assert.Contains("You signed in with Other Login", page.Html);
            // "ada" is taken here by the lab's Ada: a free name is proposed for this new person.
            Assert.Equal("ada-2", browser.FieldValue(page, "username"));
        }
    }

    [Fact]
    public async Task AForgedStateIsRefusedAndSignsNobodyIn()
    {
        var lab = await StartProviderAsync("ada");
        var app = Start(new PaperNotesApplication(), ("Lab", lab, "Lab Login"));
        await RegisterClientAsync(lab, app);
        using var browser = new Browser(("ada", PaperNotesApplication.Password));

        // A callback no sign-in of this browser started: made-up state, and a real-looking but unknown one.
        foreach (var state in new[] { "forged", Base64Url(new byte[32]) })
        {
            var page = await browser.OpenAsync(new Uri(app.BaseAddress, $"account/external/callback?code=stolen-code&state={state}"));
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        }
        var account = await browser.OpenAsync(new Uri(app.BaseAddress, "account"));
        Assert.Equal("/account/login", account.Url.AbsolutePath);
    }

    [Fact]
    public async Task WithPasswordSignInOffThePageOffersOnlyProvidersAndRefusesPasswordsAndRegistration()
    {
        var lab = await StartProviderAsync("ada");
        var app = Start(new PaperNotesApplication().WithSetting("Auth:PasswordSignIn", "false"), ("Lab", lab, "Lab Login"));
        await app.Services.GetRequiredService<UserAccounts>().RegisterAsync("bob", null, PaperNotesApplication.Password);
        using var browser = new Browser(("ada", PaperNotesApplication.Password));

        var login = await browser.OpenAsync(new Uri(app.BaseAddress, "account/login"));
        Assert.DoesNotContain("name=\"password\"", login.Html);
        Assert.Contains("Sign in with Lab Login", login.Html);
        var refused = await browser.SubmitAsync(login, "/account/external/Lab", new() { ["username"] = "bob", ["password"] = PaperNotesApplication.Password },
            action: "/account/login");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("/account/login", (await browser.OpenAsync(new Uri(app.BaseAddress, "account"))).Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.OpenAsync(new Uri(app.BaseAddress, "account/register"))).Status);
    }

    [Fact]
    public async Task InClosedModeAFirstUpstreamSignInMakesNoAccount()
    {
        var lab = await StartProviderAsync("ada");
        var app = Start(new PaperNotesApplication().WithSetting("Accounts:Registration", "closed"), ("Lab", lab, "Lab Login"));
        await RegisterClientAsync(lab, app);
        using var browser = new Browser(("ada", PaperNotesApplication.Password));

        var page = await browser.SubmitAsync(await browser.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Registration is closed", page.Html);
        Assert.Equal("/account/login", (await browser.OpenAsync(new Uri(app.BaseAddress, "account"))).Url.AbsolutePath);
    }

    [Fact]
    public async Task ASignedInReaderLinksAProviderSignsInWithItAndAfterUnlinkingItNoLongerFindsTheAccount()
    {
        var lab = await StartProviderAsync("ada");
        var app = Start(new PaperNotesApplication(), ("Lab", lab, "Lab Login"));
        await RegisterClientAsync(lab, app);
        await app.EnsureRegisteredAsync("bob");

        using var bobsBrowser = new Browser(("ada", PaperNotesApplication.Password));
        var login = await bobsBrowser.OpenAsync(new Uri(app.BaseAddress, "account/login"));
        var account = await bobsBrowser.SubmitAsync(login, "/account/login", new() { ["username"] = "bob", ["password"] = PaperNotesApplication.Password });
        Assert.Contains("Lab Login: not linked", account.Html);
        account = await bobsBrowser.SubmitAsync(account, "/account/external/Lab");
        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Contains("Lab Login: linked", account.Html);

        using (var elsewhere = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var signedIn = await elsewhere.SubmitAsync(await elsewhere.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
            Assert.Contains("<strong>bob</strong>", signedIn.Html);
        }

        account = await bobsBrowser.SubmitAsync(account, "/account/external/Lab/unlink");
        Assert.Contains("Lab Login: not linked", account.Html);
        using (var elsewhere = new Browser(("ada", PaperNotesApplication.Password)))
        {
            var page = await elsewhere.SubmitAsync(await elsewhere.OpenAsync(new Uri(app.BaseAddress, "account/login")), "/account/external/Lab");
            Assert.Equal("/account/external/complete", page.Url.AbsolutePath);
        }
    }

    private async Task<PaperNotesApplication> StartProviderAsync(string? user = null)
    {
        var provider = new PaperNotesApplication();
        _servers.Add(provider);
        if (user is not null) await provider.EnsureRegisteredAsync(user);
        return provider;
    }

    private PaperNotesApplication Start(PaperNotesApplication app, params (string Name, PaperNotesApplication Server, string DisplayName)[] providers)
    {
        _servers.Add(app);
        foreach (var (name, server, displayName) in providers)
        {
            app.WithSetting($"Auth:External:{name}:Authority", AsLocalhost(server.BaseAddress).AbsoluteUri)
                .WithSetting($"Auth:External:{name}:ClientId", "papernotes-lab")
                .WithSetting($"Auth:External:{name}:ClientSecret", ClientSecret)
                .WithSetting($"Auth:External:{name}:DisplayName", displayName);
        }
        _ = app.BaseAddress;
        return app;
    }

    private static Uri AsLocalhost(Uri address) => new UriBuilder(address) { Host = "localhost" }.Uri;

    /// <summary>The provider's side of the arrangement: a confidential client whose one redirect URI is PaperNotes' callback.</summary>
    private static async Task RegisterClientAsync(PaperNotesApplication provider, PaperNotesApplication app)
    {
        await using var scope = provider.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = "papernotes-lab",
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(app.BaseAddress, "account/external/callback") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private static async Task CreateUserWithIdAsync(PaperNotesApplication provider, string id, string username)
    {
        var user = new UserAccount { Id = id, UserName = username, NormalizedUserName = UserAccount.Normalize(username), CreatedAt = DateTime.UtcNow };
        user.PasswordHash = new PasswordHasher<UserAccount>().HashPassword(user, PaperNotesApplication.Password);
        var records = provider.Services.GetRequiredService<IUserAccountRecords>();
        Assert.True(await provider.Services.GetRequiredService<IDurableWriter>().WriteAsync(c => records.InsertAsync(c, user)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }

    private sealed record Page(Uri Url, HttpStatusCode Status, string Html);

    /// <summary>
    /// One browser: a cookie jar, redirects followed, forms submitted with their hidden fields. On the provider's log-in
    /// page it signs in with <paramref name="providerCredentials"/>, as the person would.
    /// </summary>
    private sealed class Browser((string Username, string Password) providerCredentials) : IDisposable
    {
        private readonly HttpClient _http = FormFollowingBrowser.CreateHttpClient(new Uri("http://127.0.0.1/"));

        public async Task<Page> OpenAsync(Uri url) => await FollowAsync(await _http.GetAsync(url));

        /// <summary>Submits the form whose action is <paramref name="action"/> (the first form by default) and follows through.</summary>
        public async Task<Page> SubmitAsync(Page page, string formAction, Dictionary<string, string>? fields = null, string? action = null)
        {
            var form = FormOf(page, formAction);
            var values = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
                .ToDictionary(input => input.Name!, input => input.Value);
            foreach (var (name, value) in fields ?? []) values[name] = value;
            var target = new Uri(page.Url, action ?? form.GetAttribute("action")!);
            return await FollowAsync(await _http.PostAsync(target, new FormUrlEncodedContent(values)));
        }

        public string? FieldValue(Page page, string name) =>
            (new HtmlParser().ParseDocument(page.Html).QuerySelector($"input[name='{name}']") as IHtmlInputElement)?.Value;

        private static IHtmlFormElement FormOf(Page page, string action) =>
            new HtmlParser().ParseDocument(page.Html).QuerySelectorAll("form").OfType<IHtmlFormElement>()
                .FirstOrDefault(f => f.GetAttribute("action") == action)
            ?? throw new InvalidOperationException($"No form posting to {action} on {page.Url} ({(int)page.Status}):\n{page.Html}");

        private async Task<Page> FollowAsync(HttpResponseMessage response)
        {
            for (var hop = 0; hop < 20; hop++)
            {
                var at = response.RequestMessage!.RequestUri!;
                if (response.Headers.Location is { } location)
                {
                    response.Dispose();
                    response = await _http.GetAsync(new Uri(at, location));
                    continue;
                }
                var page = new Page(at, response.StatusCode, await response.Content.ReadAsStringAsync());
                response.Dispose();
                // The provider asks who this is: the person signs in there and is sent back.
                if (at.Host == "localhost" && at.AbsolutePath == "/account/login" && response.RequestMessage.Method == HttpMethod.Get)
                {
                    response = await PostAsync(page, "/account/login", new() { ["username"] = providerCredentials.Username, ["password"] = providerCredentials.Password });
                    continue;
                }
                return page;
            }
            throw new InvalidOperationException("Too many redirects.");
        }

        private async Task<HttpResponseMessage> PostAsync(Page page, string formAction, Dictionary<string, string> fields)
        {
            var form = FormOf(page, formAction);
            var values = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
            foreach (var (name, value) in fields) values[name] = value;
            return await _http.PostAsync(new Uri(page.Url, formAction), new FormUrlEncodedContent(values));
        }

        public void Dispose() => _http.Dispose();
    }
}
