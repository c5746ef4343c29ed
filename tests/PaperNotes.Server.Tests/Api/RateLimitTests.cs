using System.Net;
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
}
