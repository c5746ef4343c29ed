using System.Net;
using Duende.IdentityModel.OidcClient;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.WebApp;

/// <summary>The web library at /app (SPEC §8): its files, its routes, and its own sign-in client.</summary>
public sealed class WebAppTests : IDisposable
{
    private readonly string _dist = Directory.CreateTempSubdirectory("papernotes-web-dist-").FullName;
    private readonly PaperNotesApplication _app;

    public WebAppTests()
    {
        File.WriteAllText(Path.Combine(_dist, "index.html"), "<!doctype html><title>PaperNotes</title><div id=app></div>");
        File.WriteAllText(Path.Combine(_dist, "app.js"), "console.log('app');");
        File.WriteAllText(Path.Combine(_dist, "manifest.webmanifest"), "{}");
        _app = new PaperNotesApplication().WithSetting("WebApp:Path", _dist);
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_dist, recursive: true);
    }

    [Theory]
    [InlineData("app/")]
    [InlineData("app/callback")]
    [InlineData("app/paper/2403.12345")]
    public async Task EveryRouteOfTheAppAnswersItsIndexUnderAStrictContentSecurityPolicy(string path)
    {
        using var http = _app.CreateAnonymousClient();
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<div id=app>", await response.Content.ReadAsStringAsync());
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task FilesAreServedWithTheirTypesAndAMissingFileIsNotFound()
    {
        using var http = _app.CreateAnonymousClient();

        using var script = await http.GetAsync("app/app.js");
        using var manifest = await http.GetAsync("app/manifest.webmanifest");
        using var missing = await http.GetAsync("app/missing.js");
        using var bare = await http.GetAsync("app");

        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/app/", bare.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AServerWithoutTheBuiltAppStartsAndSaysSoAtApp()
    {
        using var unbuilt = new PaperNotesApplication().WithSetting("WebApp:Path", Path.Combine(_dist, "not-built"));
        using var http = unbuilt.CreateAnonymousClient();

        using var app = await http.GetAsync("app/");
        using var health = await http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, app.StatusCode);
        Assert.Contains("scripts/build-web.sh", await app.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task TheWebClientSignsInWithPkceToItsOwnCallbackAndItsRefreshTokenRotates()
    {
        await _app.EnsureRegisteredAsync("webreader");
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = "webreader",
            ["password"] = PaperNotesApplication.Password,
        });
        var client = WebClient(_app.BaseAddress, browser, new Uri(_app.BaseAddress, "app/callback").ToString());

        var signedIn = await client.LoginAsync();
        Assert.False(signedIn.IsError, signedIn.Error);
        var first = await client.RefreshTokenAsync(signedIn.RefreshToken);
        var reused = await client.RefreshTokenAsync(signedIn.RefreshToken);

        Assert.False(first.IsError, first.Error);
        Assert.NotEqual(signedIn.RefreshToken, first.RefreshToken);
        Assert.True(reused.IsError);
        using var api = _app.CreateBearerClient(first.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/me")).StatusCode);
    }

    [Theory]
    [InlineData("http://attacker.example/app/callback")]
    [InlineData("{server}app/other")]
    [InlineData("{server}app/callback/")]
    [InlineData("http://127.0.0.1:7890/callback")]
    public async Task AnyOtherRedirectIsRefusedWithoutRedirecting(string redirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = "papernotes-web",
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.Replace("{server}", _app.BaseAddress.ToString(), StringComparison.Ordinal),
            ["scope"] = PaperNotesApplication.Scopes,
            ["state"] = "state-1",
            ["code_challenge_method"] = "S256",
            ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        };
        using var http = _app.CreateAnonymousClient();
        using var response = await http.GetAsync("connect/authorize" + Microsoft.AspNetCore.Http.QueryString.Create(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    private static OidcClient WebClient(Uri server, FormFollowingBrowser browser, string redirectUri) => new(new OidcClientOptions
    {
        Authority = server.ToString(),
        ClientId = "papernotes-web",
        Scope = PaperNotesApplication.Scopes,
        RedirectUri = redirectUri,
        Browser = browser,
        LoadProfile = false,
    });
}
