using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient.Browser;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>The extension's sign-in, driven by a certified OpenID Connect client library against loopback Kestrel.</summary>
public sealed class SignInFlowTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private FormFollowingBrowser Browser(string username) => new(_app.BaseAddress, new Dictionary<string, string>
    {
        ["username"] = username,
        ["password"] = PaperNotesApplication.Password,
    });

    [Fact]
    public async Task SignInRefreshAndReuseOfASpentRefreshTokenRevokesTheWholeFamily()
    {
        await _app.EnsureRegisteredAsync("ada");
        using var browser = Browser("ada");
        var oidc = _app.CreateOidcClient(browser);

        var login = await oidc.LoginAsync();
        Assert.False(login.IsError, login.Error);
        Assert.Equal("ada", login.User.FindFirst("name")?.Value);
        using (var api = _app.CreateBearerClient(login.AccessToken))
        {
            var me = await api.GetFromJsonAsync<JsonElement>("api/me");
            Assert.Equal("ada", me.GetProperty("username").GetString());
        }

        var refreshed = await oidc.RefreshTokenAsync(login.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);
        using var current = _app.CreateBearerClient(refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("api/me")).StatusCode);

        var replay = await oidc.RefreshTokenAsync(login.RefreshToken);
        Assert.True(replay.IsError);
        Assert.Equal("invalid_grant", replay.Error);

        // The thief may hold the newest tokens: none of the family works any more.
        Assert.Equal(HttpStatusCode.Unauthorized, (await current.GetAsync("api/me")).StatusCode);
        Assert.True((await oidc.RefreshTokenAsync(refreshed.RefreshToken)).IsError);
    }

    [Fact]
    public async Task RevokedTokensAre401AndCannotRefresh()
    {
        var tokens = await _app.SignInAsync("grace");
        using var api = _app.CreateBearerClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/devices")).StatusCode);

        using var http = new HttpClient();
        foreach (var (token, hint) in new[] { (tokens.AccessToken, "access_token"), (tokens.RefreshToken, "refresh_token") })
        {
            var revoked = await http.RevokeTokenAsync(new TokenRevocationRequest
            {
                Address = new Uri(_app.BaseAddress, "connect/revoke").ToString(),
                ClientId = "papernotes-extension",
                Token = token,
                TokenTypeHint = hint,
            });
            Assert.False(revoked.IsError, revoked.Error);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/devices")).StatusCode);
        using var browser = Browser("grace");
        Assert.True((await _app.CreateOidcClient(browser).RefreshTokenAsync(tokens.RefreshToken)).IsError);
    }

    [Fact]
    public async Task AReplayedCodeIsRefusedAndRevokesWhatTheCodeIssued()
    {
        await _app.EnsureRegisteredAsync("alan");
        using var browser = Browser("alan");
        var oidc = _app.CreateOidcClient(browser);
        var state = await oidc.PrepareLoginAsync();
        var callback = await browser.InvokeAsync(new BrowserOptions(state.StartUrl, state.RedirectUri));
        Assert.Equal(BrowserResultType.Success, callback.ResultType);

        var first = await oidc.ProcessResponseAsync(callback.Response, state);
        Assert.False(first.IsError, first.Error);
        var second = await oidc.ProcessResponseAsync(callback.Response, state);

        Assert.True(second.IsError);
        using var api = _app.CreateBearerClient(first.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public async Task AWrongPasswordNeverReachesTheRedirectUri()
    {
        await _app.EnsureRegisteredAsync("barbara");
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = "barbara",
            ["password"] = "not the password",
        });

        var login = await _app.CreateOidcClient(browser).LoginAsync();

        Assert.True(login.IsError);
        Assert.Contains("The username or password is not right.", browser.LastPage);
    }

    [Fact]
    public async Task UserInfoAnswersTheSubjectAndProfile()
    {
        var tokens = await _app.GetTokensAsync("edsger");
        using var http = new HttpClient();
        var info = await http.GetUserInfoAsync(new UserInfoRequest
        {
            Address = new Uri(_app.BaseAddress, "connect/userinfo").ToString(),
            Token = tokens.AccessToken,
        });

        Assert.False(info.IsError, info.Error);
        Assert.Equal(tokens.UserId, info.Claims.Single(c => c.Type == "sub").Value);
        Assert.Equal("edsger", info.Claims.Single(c => c.Type == "name").Value);
    }
}
