using System.Net;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>
/// What anyone may call without a token is limited per client address (issue 20, item 8): the account pages and
/// <c>/connect</c> share one budget, hub negotiation has its own, and the address is the client's as a trusted proxy gives it.
/// </summary>
public sealed class AddressRateLimitTests
{
    [Fact]
    public async Task AccountPagesAndConnectShareOneBudgetPerAddressThen429WithRetryAfter()
    {
        using var app = new PaperNotesApplication()
            .WithSetting("Auth:RateLimit:PermitLimit", "3")
            .WithSetting("Auth:RateLimit:Window", "00:10:00");
        using var browser = app.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("account/register")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await browser.GetAsync("connect/authorize?client_id=papernotes-extension")).StatusCode);
        var limited = await browser.GetAsync("account/login");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 600);
        await (await browser.PostAsync("connect/token", new FormUrlEncodedContent([new("grant_type", "refresh_token")])))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task EachClientBehindTheProxyHasItsOwnBudget()
    {
        using var app = new PaperNotesApplication()
            .WithSetting("Server:ForwardedHeaders", "true")
            .WithSetting("Auth:RateLimit:PermitLimit", "2")
            .WithSetting("Auth:RateLimit:Window", "00:10:00");
        using var proxy = app.CreateAnonymousClient();
        Task<HttpResponseMessage> LogInPageFor(string client)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "account/login");
            request.Headers.Add("X-Forwarded-For", client);
            return proxy.SendAsync(request);
        }

        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await LogInPageFor("203.0.113.5")).StatusCode);
        await (await LogInPageFor("203.0.113.5")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");

        Assert.Equal(HttpStatusCode.OK, (await LogInPageFor("203.0.113.6")).StatusCode);
        // Addresses of one IPv6 /64 are one client: a host holds a whole /64.
        Assert.Equal(HttpStatusCode.OK, (await LogInPageFor("2001:db8:1:2::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LogInPageFor("2001:db8:1:2::ffff")).StatusCode);
        await (await LogInPageFor("2001:db8:1:2:abcd::7")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task HubNegotiationHasItsOwnPerAddressLimit()
    {
        using var app = new PaperNotesApplication()
            .WithSetting("Sync:NegotiateRateLimit:PermitLimit", "2")
            .WithSetting("Sync:NegotiateRateLimit:Window", "00:10:00");
        var alice = await app.CreateClientAsync("alice");
        Task<HttpResponseMessage> NegotiateAsync() => alice.PostAsync("hubs/sync/negotiate?negotiateVersion=1", null);

        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync()).StatusCode);
        var limited = await NegotiateAsync();

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.Contains("Retry-After"));
        // Its own budget: sign-in pages and the API still answer.
        using var browser = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("api/me")).StatusCode);
    }
}
