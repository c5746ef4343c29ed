using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Sync;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>Who may open <c>/hubs/sync</c>: signed-in callers with scope <c>api</c>, from an allowed origin.</summary>
public sealed class HubAccessTests
{
    private const string ExtensionId = "iahkonijnnkmacmjgpkjilgoflajhfpm";

    [Fact]
    public async Task AConnectionFromAnOriginNotAllowedIsRefusedWith403()
    {
        await using var app = ExtensionConfigured();

        using var negotiate = await NegotiateAsync(app, "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);

        await using var connection = app.CreateHubConnection("alice",
            configure: options => options.Headers["Origin"] = "https://evil.example").Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("chrome-extension://" + ExtensionId)]
    [InlineData("own")]
    [InlineData(null)]
    public async Task TheExtensionTheServerItselfAndNonBrowserClientsMayConnect(string? origin)
    {
        await using var app = ExtensionConfigured();
        if (origin == "own") origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        await LibraryWriter.ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));

        using var negotiate = await NegotiateAsync(app, origin);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        await using var connection = app.CreateHubConnection("alice",
            configure: options => { if (origin is not null) options.Headers["Origin"] = origin; }).Build();
        await connection.StartAsync();
        var libraries = await connection.InvokeAsync<string[]>("Subscriptions");
        Assert.NotEmpty(libraries);
    }

    [Fact]
    public async Task AnAnonymousConnectionIsRefused()
    {
        await using var app = new PaperNotesApplication();
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "hubs/sync")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("hubs/sync")]
    [InlineData("hubs/sync?access_token=not-a-token")]
    public async Task AWebSocketHandshakeWithoutAValidTokenIsRefusedWithProblemJson(string pathAndQuery)
    {
        await using var app = new PaperNotesApplication();

        var (status, contentType, body) = await WebSocketHandshakeAsync(app, pathAndQuery);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("urn:papernotes:problem:unauthenticated", body);
    }

    [Fact]
    public async Task AConnectionWhoseTokenLacksScopeApiIsRefused()
    {
        await using var app = new PaperNotesApplication();
        await app.EnsureRegisteredAsync("alice");
        using var browser = new FormFollowingBrowser(app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = "alice",
            ["password"] = PaperNotesApplication.Password,
        });
        var login = await app.CreateOidcClient(browser, scope: "openid profile offline_access").LoginAsync();
        Assert.False(login.IsError, login.Error);

        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "hubs/sync"),
            options => options.AccessTokenProvider = () => Task.FromResult<string?>(login.AccessToken)).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AnOpenConnectionKeepsNeitherTheTokenNorTheTokensClaims()
    {
        // The WebSocket request lives as long as the connection: the token must not linger in its URL, and the
        // principal it keeps must not be the token's thirty-odd claims.
        var connected = new ConnectedRequests();
        await using var app = new PaperNotesApplication().WithServices(services =>
            services.Configure<HubOptions>(options => options.AddFilter(connected)));
        await LibraryWriter.ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        var tokens = await app.GetTokensAsync("alice");

        // As the extension connects: WebSockets only, the token in the query.
        await using var connection = new HubConnectionBuilder().WithUrl(
            new Uri(app.BaseAddress, "hubs/sync?access_token=" + Uri.EscapeDataString(tokens.AccessToken)), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            }).Build();
        await connection.StartAsync();
        Assert.NotEmpty(await connection.InvokeAsync<string[]>("Subscriptions"));

        var (query, claims) = Assert.Single(connected.Seen);
        Assert.DoesNotContain(tokens.AccessToken, query);
        Assert.DoesNotContain("access_token", query);
        Assert.Equal([("sub", tokens.UserId)], claims);
    }

    [Fact]
    public async Task TheHubSendsKeepAlivesWellUnderThirtySeconds()
    {
        await using var app = new PaperNotesApplication();
        // What SignalR uses: the hub's own setting, else the global one.
        var keepAlive = app.Services.GetRequiredService<IOptions<HubOptions<SyncHub>>>().Value.KeepAliveInterval
            ?? app.Services.GetRequiredService<IOptions<HubOptions>>().Value.KeepAliveInterval;
        Assert.True(keepAlive <= TimeSpan.FromSeconds(15), $"keep-alive every {keepAlive}");
    }

    /// <summary>A bare WebSocket handshake, as a browser makes it, and the status, content type and body of the answer.</summary>
    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> WebSocketHandshakeAsync(
        PaperNotesApplication app, string pathAndQuery)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, app.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /{pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = (HttpStatusCode)int.Parse((await reader.ReadLineAsync())!.Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            headers[line[..line.IndexOf(':')]] = line[(line.IndexOf(':') + 1)..].Trim();
        // Kestrel sends the problem as one chunk.
        var body = headers.GetValueOrDefault("Transfer-Encoding") == "chunked"
            ? await ReadChunkAsync(reader)
            : "";
        return (status, headers.GetValueOrDefault("Content-Type")?.Split(';')[0], body);

        static async Task<string> ReadChunkAsync(StreamReader reader)
        {
            var buffer = new char[Convert.ToInt32((await reader.ReadLineAsync())!, 16)];
            await reader.ReadBlockAsync(buffer);
            return new string(buffer);
        }
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(PaperNotesApplication app, string? origin)
    {
        var client = await app.CreateClientAsync("alice");
        var request = new HttpRequestMessage(HttpMethod.Post, "hubs/sync/negotiate?negotiateVersion=1");
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static PaperNotesApplication ExtensionConfigured() =>
        new PaperNotesApplication().WithSetting("Auth:ExtensionRedirectUris:0", $"https://{ExtensionId}.chromiumapp.org/");

    /// <summary>What each hub connection's request and user hold once the hub has it.</summary>
    private sealed class ConnectedRequests : IHubFilter
    {
        public ConcurrentQueue<(string Query, (string Type, string Value)[] Claims)> Seen { get; } = new();

        public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            Seen.Enqueue((context.Context.GetHttpContext()!.Request.QueryString.ToString(),
                [.. context.Context.User!.Claims.Select(claim => (claim.Type, claim.Value))]));
            return next(context);
        }
    }
}
