using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Sync;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Observability;

/// <summary>What an operator's log file would hold after a day of use: no secret and no note text, at any level.</summary>
public sealed class LogSecrecyTests
{
    [Fact]
    public async Task AFullRunLogsNoPasswordTokenOrNoteTextAndItsRequestLogsCarryTheTraceId()
    {
        var logs = new CapturedLogs();
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        await using var app = new PaperNotesApplication()
            // Everything every component would say at its most talkative.
            .WithSetting("Logging:LogLevel:Default", "Trace")
            .WithSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .WithSetting("Logging:LogLevel:OpenIddict", "Trace")
            .WithServices(services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));

        await SignInFlow.RegisterAsync(app.BaseAddress, "carol", password);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SignInFlow.SignInAsync(app.BaseAddress, "carol", wrongPassword));
        var tokens = await SignInFlow.SignInAsync(app.BaseAddress, "carol", password);
        var refreshed = await RefreshAsync(app, tokens.RefreshToken);
        var carol = app.CreateBearerClient(refreshed.AccessToken);
        var writer = await LibraryWriter.ForPersonalLibraryAsync(carol);
        await using (var device = await PushRecorder.ConnectAsync(app.CreateHubConnection("x", configure: o =>
            o.AccessTokenProvider = () => Task.FromResult<string?>(refreshed.AccessToken))))
        {
            var version = await writer.PutItemAsync("2412.20138", new { status = "reading", tags = new[] { marker } });
            var note = await carol.PutAsJsonAsync($"api/libraries/{writer.LibraryId}/annotations/{Guid.NewGuid()}", new
            {
                paperId = "2412.20138", kind = "note", body = $"My note: {marker}",
                target = new { field = "abstract", selectors = new object[] { new { type = "TextQuoteSelector", exact = "a" } } },
            });
            Assert.True(note.IsSuccessStatusCode, await note.Content.ReadAsStringAsync());
            await device.WaitForVersionAsync(writer.LibraryId, version);
        }
        // As a browser opens the hub: the access token in the WebSocket's URL.
        using (var socket = new ClientWebSocket())
        {
            var hub = new UriBuilder(new Uri(app.BaseAddress, "hubs/sync")) { Scheme = "ws", Query = "access_token=" + refreshed.AccessToken };
            await socket.ConnectAsync(hub.Uri, CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        var captured = await carol.PostAsJsonAsync("api/captures", new { url = PaperUrl, html = PaperPage.Replace("</body>", $"<p>{marker}</p></body>") });
        Assert.Equal(HttpStatusCode.OK, captured.StatusCode);
        // Bad input that carries the secret text: the errors it causes must not quote it.
        var malformed = await carol.PutAsync($"api/libraries/{writer.LibraryId}/items/2412.20138",
            new StringContent($"{{\"tags\": [\"{marker}\" ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var wrongToken = await app.CreateBearerClient(marker).GetAsync("api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        await app.DisposeAsync();

        var all = logs.AllText();
        Assert.True(all.Length > 10_000, "The run logged too little to mean anything.");
        foreach (var (what, secret) in new[]
        {
            ("password", password), ("wrong password", wrongPassword), ("access token", tokens.AccessToken),
            ("refresh token", tokens.RefreshToken), ("refreshed access token", refreshed.AccessToken),
            ("refreshed refresh token", refreshed.RefreshToken), ("note text", marker),
        })
        {
            var line = logs.Entries.FirstOrDefault(e => e.Text.Contains(secret, StringComparison.Ordinal));
            Assert.True(line is null, $"The log holds the {what}: {line?.Text}");
        }
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            && e.Scopes.TryGetValue("TraceId", out var trace) && trace is { Length: 32 });
    }

    private static async Task<(string AccessToken, string RefreshToken)> RefreshAsync(PaperNotesApplication app, string refreshToken)
    {
        using var http = app.CreateAnonymousClient();
        var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = SignInFlow.ClientId,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }
}
