using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Duende.IdentityModel.OidcClient;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using Microsoft.Extensions.Logging;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// The real app on loopback Kestrel (127.0.0.1, a free port) over a real LiteDB file in a fresh temporary folder, or,
/// with <c>PAPERNOTES_TEST_ENGINE=postgres</c>, over a real PostgreSQL database that belongs to that folder.
/// Clients sign in through the real flow: register, authorize, the log-in form, code, tokens. Pass an existing folder
/// (and the old <see cref="Port"/>, since tokens name the address that issued them) to "restart" on the same data.
/// </summary>
public class PaperNotesApplication : WebApplicationFactory<Program>
{
    /// <summary>Every test user's password; registration happens on first use.</summary>
    public const string Password = "correct horse battery staple";

    public const string Scopes = SignInFlow.Scopes;

    /// <summary>The pinned extension's <c>chrome.identity</c> redirect URI, configured as in production.</summary>
    public const string ExtensionRedirectUri = SignInFlow.ExtensionRedirectUri;

    private readonly bool _ownsFolder;
    private readonly ConcurrentDictionary<string, Lazy<Task<UserTokens>>> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _registered = new(StringComparer.OrdinalIgnoreCase);

    public PaperNotesApplication(string? dataFolder = null, int port = 0)
    {
        _ownsFolder = dataFolder is null;
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("papernotes-test-").FullName;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    public string DataFolder { get; }

    private readonly Dictionary<string, string> _settings = [];

    /// <summary>Overrides one configuration key (say <c>Api:RateLimit:PermitLimit</c>); call before the first client.</summary>
    public PaperNotesApplication WithSetting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    private readonly List<Action<IServiceCollection>> _services = [];

    /// <summary>Adds or replaces services (say a hub filter that observes connections); call before the first client.</summary>
    public PaperNotesApplication WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>The app's clock; move it forward to expire tokens.</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>; starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    public int Port => BaseAddress.Port;

    private static int s_nextRestartablePort = Random.Shared.Next(0, 1000);

    /// <summary>
    /// A free loopback port for a server that a test restarts on the same address (tokens name the address that
    /// issued them). It lies below the kernel's ephemeral range, so no port-0 listener elsewhere in the suite can take
    /// it while the server is down between the two runs.
    /// </summary>
    public static int RestartablePort()
    {
        var ephemeralStart = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0])
            : 49152;
        var first = ephemeralStart - 4000;
        for (var attempt = 0; attempt < 4000; attempt++)
        {
            var port = first + Interlocked.Increment(ref s_nextRestartablePort) % 4000;
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
            try
            {
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Taken by something outside the suite; try the next one.
            }
            finally
            {
                probe.Stop();
            }
        }
        throw new InvalidOperationException($"No free loopback port between {first} and {ephemeralStart}.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Path", DataFolder);
        foreach (var (key, value) in TestEngine.SettingsFor(DataFolder)) builder.UseSetting(key, value);
        builder.UseSetting("Auth:ExtensionRedirectUris:0", ExtensionRedirectUri);
        // Every test signs in from 127.0.0.1, many users and devices each; the tests of these limits lower them.
        builder.UseSetting("Auth:RateLimit:PermitLimit", "100000");
        builder.UseSetting("Sync:NegotiateRateLimit:PermitLimit", "100000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services) configure(services);
        });
    }

    /// <summary>An HTTP client signed in as <paramref name="username"/> (registered on first use; tokens cached).</summary>
    public async Task<HttpClient> CreateClientAsync(string username)
    {
        var tokens = await GetTokensAsync(username);
        return CreateBearerClient(tokens.AccessToken);
    }

    /// <summary>Tokens for <paramref name="username"/>, from one sign-in per user and application (one device).</summary>
    public Task<UserTokens> GetTokensAsync(string username) =>
        _tokens.GetOrAdd(username, name => new Lazy<Task<UserTokens>>(() => SignInAsync(name))).Value;

    /// <summary>A fresh sign-in (a new device) through the OIDC client, registering the user if needed.</summary>
    public async Task<UserTokens> SignInAsync(string username, string password = Password)
    {
        await EnsureRegisteredAsync(username);
        return await SignInFlow.SignInAsync(BaseAddress, username, password);
    }

    /// <summary>The extension's OIDC client against this server, redirecting to a loopback callback (RFC 8252).</summary>
    public OidcClient CreateOidcClient(FormFollowingBrowser browser, int callbackPort = 7890, string scope = Scopes) =>
        SignInFlow.CreateOidcClient(BaseAddress, browser, callbackPort, scope);

    /// <summary>Registers through the register form, once per user and application.</summary>
    public Task EnsureRegisteredAsync(string username) =>
        _registered.GetOrAdd(username, name => new Lazy<Task>(() => RegisterAsync(name))).Value;

    private Task RegisterAsync(string username) => SignInFlow.RegisterAsync(BaseAddress, username, Password);

    /// <summary>
    /// A <c>/hubs/sync</c> connection builder signed in as <paramref name="username"/>: its access token travels as
    /// the <c>access_token</c> query parameter over WebSockets, as the extension's does.
    /// </summary>
    public IHubConnectionBuilder CreateHubConnection(string username, bool messagePack = false,
        Action<HttpConnectionOptions>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(BaseAddress, "hubs/sync"), options =>
        {
            options.AccessTokenProvider = async () => (await GetTokensAsync(username)).AccessToken;
            configure?.Invoke(options);
        });
        if (messagePack) builder.AddMessagePackProtocol();
        return builder;
    }

    /// <summary>A client that presents <paramref name="accessToken"/> as a bearer token.</summary>
    public HttpClient CreateBearerClient(string accessToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A client with no token and no cookies that does not follow redirects.</summary>
    public HttpClient CreateAnonymousClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    private PaperNotesDatabase? _database;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _database = host.Services.GetService<PaperNotesDatabase>();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        // The app's own Main thread also disposes the host once it stops, and of two disposals the second returns at
        // once: the factory's may return while the database is still checkpointing. A restart on this folder, or
        // deleting it, must wait until the files are closed.
        if (_database is { } database && !database.Closed.Wait(TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"The database in {DataFolder} was still open 30 s after the server was disposed.");
        if (_ownsFolder)
        {
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
        }
    }
}
