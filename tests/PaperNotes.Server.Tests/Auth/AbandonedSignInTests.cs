using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Stores;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>
/// Every authorize request of a signed-in browser stores an authorization (issue 20, item 8): those whose code was
/// never redeemed are pruned within hours, not kept for the 14 days of a signed-in device.
/// </summary>
public sealed class AbandonedSignInTests : IAsyncDisposable
{
    private readonly PaperNotesApplication _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [LiteDbFact]
    public async Task ASignInWhoseCodeWasNeverRedeemedIsPrunedWhileTheSignedInDeviceStays()
    {
        var device = await _app.SignInAsync("alice");
        var abandonedCode = await AuthorizeWithoutRedeemingAsync("alice");
        Assert.False(string.IsNullOrEmpty(abandonedCode));
        Assert.Equal(2, await AuthorizationCountAsync(device.UserId));

        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await PruneAsync();
        Assert.Equal(2, await AuthorizationCountAsync(device.UserId));

        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        await PruneAsync();
        Assert.Equal(1, await AuthorizationCountAsync(device.UserId));

        // The device that got its tokens is still signed in: its refresh token works.
        var refreshed = await _app.CreateOidcClient(new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>()))
            .RefreshTokenAsync(device.RefreshToken);
        Assert.False(refreshed.IsError, refreshed.Error);
        using var api = _app.CreateBearerClient(refreshed.AccessToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("api/me")).StatusCode);
    }

    /// <summary>The browser part of a sign-in, up to the redirect that carries the code; the client never redeems it.</summary>
    private async Task<string?> AuthorizeWithoutRedeemingAsync(string username)
    {
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = PaperNotesApplication.Password,
        });
        var client = _app.CreateOidcClient(browser);
        AuthorizeState state = await client.PrepareLoginAsync();
        var result = await browser.InvokeAsync(new BrowserOptions(state.StartUrl, state.RedirectUri));
        Assert.Equal(BrowserResultType.Success, result.ResultType);
        return System.Web.HttpUtility.ParseQueryString(new Uri(result.Response).Query)["code"];
    }

    private async Task<int> AuthorizationCountAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var count = 0;
        await foreach (var _ in authorizations.FindBySubjectAsync(userId)) count++;
        return count;
    }

    private Task PruneAsync() =>
        _app.Services.GetServices<IHostedService>().OfType<ExpiredEntriesPruner>().Single().PruneAsync(CancellationToken.None);
}
