using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Sync;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Observability;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it, over the real app. OpenTelemetry listens to meters by name, process-wide:
/// another test's app in the same process would feed (or, once disposed, end) the same instruments, so these run alone.
/// </summary>
[Collection(nameof(MetricsTests))]
public sealed class MetricsTests
{
    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsParseAsPrometheusTextAndTheirCountersMoveWithTheWorkDone()
    {
        await using var app = new PaperNotesApplication();
        var scraper = app.CreateAnonymousClient();
        var alice = await app.CreateClientAsync("alice");
        var writer = await LibraryWriter.ForPersonalLibraryAsync(alice);
        var before = await ScrapeAsync(scraper);

        await using var device = await PushRecorder.ConnectAsync(app.CreateHubConnection("alice"));
        long last = 0;
        for (var i = 0; i < 5; i++) last = await writer.PutItemAsync(LibraryWriter.PaperId(i), new { status = "reading" });
        await device.WaitForVersionAsync(writer.LibraryId, last);
        var captured = await alice.PostAsJsonAsync("/api/captures", new { url = PaperUrl, html = PaperPage });
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        await app.SignInAsync("alice");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync("alice", "not the password"));

        var during = await ScrapeAsync(scraper);
        Assert.Equal("counter", during.Types["papernotes_commits_total"]);
        Assert.True(during.Sum("papernotes_commits_total") - before.Sum("papernotes_commits_total") >= 5);
        Assert.True(during.Sum("papernotes_commit_writes_count") - before.Sum("papernotes_commit_writes_count") >= 5);
        Assert.True(during.Sum("papernotes_commit_writes_sum") - before.Sum("papernotes_commit_writes_sum") >= 5);
        Assert.Equal("histogram", during.Types["papernotes_commit_duration_seconds"]);
        Assert.True(during.Sum("papernotes_commit_duration_seconds_sum") > before.Sum("papernotes_commit_duration_seconds_sum"));
        Assert.True(during.Sum("papernotes_commit_duration_seconds_bucket", ("le", "+Inf"))
            >= during.Sum("papernotes_commits_total"));
        Assert.Equal(1, during.Sum("papernotes_sync_connections"));
        Assert.True(during.Sum("papernotes_sync_pushes_total") - before.Sum("papernotes_sync_pushes_total") >= 5);
        Assert.Equal(1, during.Sum("papernotes_captures_total") - before.Sum("papernotes_captures_total"));
        Assert.Equal(1, during.Sum("papernotes_captured_papers_total") - before.Sum("papernotes_captured_papers_total"));
        Assert.Equal(1, during.Sum("papernotes_sign_ins_total", ("method", "password"), ("result", "success"))
            - before.Sum("papernotes_sign_ins_total", ("method", "password"), ("result", "success")));
        Assert.Equal(1, during.Sum("papernotes_sign_ins_total", ("method", "password"), ("result", "refused")));
        // ASP.NET Core's own server metrics, by route.
        Assert.True(during.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/captures/")) >= 1);

        await device.DisposeAsync();
        await WaitUntilAsync(async () => (await ScrapeAsync(scraper)).Sum("papernotes_sync_connections") == 0);
    }

    [Fact]
    public async Task WithAMetricsPortMetricsAnswerOnlyThere()
    {
        var metricsPort = FreePort();
        await using var app = new PaperNotesApplication()
            .WithSetting("Metrics:Port", metricsPort.ToString())
            .WithServices(services => services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, metricsPort)));
        _ = app.BaseAddress;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        using var publicPort = new HttpClient { BaseAddress = new Uri(addresses.Single(a => new Uri(a).Port != metricsPort)) };

        var refused = await publicPort.GetAsync("/metrics");
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"127.0.0.1:{metricsPort}" } };
        var refusedDespiteHost = await publicPort.SendAsync(spoofed);
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refusedDespiteHost.StatusCode);
        Assert.Contains("papernotes_commits_total", (await ScrapeAsync(metrics)).Types.Keys);
    }

    [Fact]
    public async Task MetricsCanBeTurnedOff()
    {
        await using var app = new PaperNotesApplication().WithSetting("Metrics:Enabled", "false");
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateAnonymousClient().GetAsync("/metrics")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
    public sealed class RunAlone;

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}
