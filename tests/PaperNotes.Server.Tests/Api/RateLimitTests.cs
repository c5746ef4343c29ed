using System.Net;
using System.Net.Http.Json;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task AUserOverTheLimitGets429WithRetryAfterWhileOthersAreServed()
    {
        using var app = new PaperNotesApplication()
            .WithSetting("Api:RateLimit:PermitLimit", "3")
            .WithSetting("Api:RateLimit:Window", "00:10:00");
        var alice = await app.CreateClientAsync("alice");
        var bob = await app.CreateClientAsync("bob");

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/me")).StatusCode);
        var limited = await alice.GetAsync("/api/me");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 600);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CapturesPapersAndDevicesAreRateLimitedToo()
    {
        using var app = new PaperNotesApplication()
            .WithSetting("Api:RateLimit:PermitLimit", "1")
            .WithSetting("Api:RateLimit:Window", "00:10:00");
        // One user per route: the limit is per user across every route, so each route's second call is its user's.
        var calls = new (string User, Func<HttpClient, Task<HttpResponseMessage>> Call)[]
        {
            ("alice", c => c.PostAsJsonAsync("/api/captures", new { url = "https://huggingface.co/papers", html = "<p>no papers</p>" })),
            ("bob", c => c.GetAsync("/api/papers/2412.20138")),
            ("carol", c => c.GetAsync("/api/devices")),
        };
        foreach (var (user, call) in calls)
        {
            var client = await app.CreateClientAsync(user);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await call(client)).StatusCode);
            await (await call(client)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        }
    }
}
