using System.Net;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>What the API accepts as a token: only live, untouched access tokens with scope <c>api</c>.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AnExpiredAccessTokenIs401ButTheRefreshTokenStillWorks()
    {
        var tokens = await _app.GetTokensAsync("ada");
        using var api = _app.CreateBearerClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/devices")).StatusCode);

        _app.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/devices")).StatusCode);
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>());
        var refreshed = await _app.CreateOidcClient(browser).RefreshTokenAsync(tokens.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        using var renewed = _app.CreateBearerClient(refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public async Task AccessTokensAreShortOpaqueHandlesNotSelfContainedTokens()
    {
        // The hub takes the token in its URL and keeps that request for the connection's life: a 1.6 KB encrypted
        // token there cost each connection kilobytes of memory and put the whole token in every URL.
        var token = (await _app.GetTokensAsync("ada")).AccessToken;

        Assert.InRange(token.Length, 40, 64);
        Assert.DoesNotContain('.', token);
        using var api = _app.CreateBearerClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public async Task ATamperedAccessTokenIs401()
    {
        var token = (await _app.GetTokensAsync("ada")).AccessToken;
        // Flip one character in the middle of the handle.
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        using var api = _app.CreateBearerClient(tampered);
        using var response = await api.GetAsync("api/devices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NoTokenIs401ProblemJson()
    {
        using var http = _app.CreateAnonymousClient();
        using var response = await http.GetAsync("api/devices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ATokenWithoutTheApiScopeIs403()
    {
        await _app.EnsureRegisteredAsync("ada");
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = "ada",
            ["password"] = PaperNotesApplication.Password,
        });
        var login = await _app.CreateOidcClient(browser, scope: "openid profile offline_access").LoginAsync();
        Assert.False(login.IsError, login.Error);

        using var api = _app.CreateBearerClient(login.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public async Task TheAccessTokenIsNotTakenFromTheQueryStringOutsideTheHub()
    {
        var token = (await _app.GetTokensAsync("ada")).AccessToken;
        using var http = _app.CreateAnonymousClient();

        using var response = await http.GetAsync("api/devices?access_token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ARestartKeepsIssuedTokensValid()
    {
        var folder = Directory.CreateTempSubdirectory("papernotes-restart-").FullName;
        try
        {
            UserTokens tokens;
            int port;
            using (var first = new PaperNotesApplication(folder, PaperNotesApplication.RestartablePort()))
            {
                tokens = await first.GetTokensAsync("ada");
                port = first.Port;
            }

            using var second = new PaperNotesApplication(folder, port);
            using var api = second.CreateBearerClient(tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/devices")).StatusCode);
            using var browser = new FormFollowingBrowser(second.BaseAddress, new Dictionary<string, string>());
            var refreshed = await second.CreateOidcClient(browser).RefreshTokenAsync(tokens.RefreshToken);
            Assert.False(refreshed.IsError, refreshed.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
