using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// The real app on a real LiteDB file in a fresh temporary folder. Pass an existing folder to "restart" on the
/// same data. Until sign-in lands, clients authenticate through a test-only scheme registered here, never in the app.
/// Served by Kestrel on loopback (SignalR clients need a real socket); pass the <paramref name="port"/> of a stopped
/// instance to restart it where its clients will reconnect.
/// </summary>
public class PaperNotesApplication : WebApplicationFactory<Program>
{
    public PaperNotesApplication(string? dataFolder = null, int port = 0)
    {
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("papernotes-test-").FullName;
        _ownsFolder = dataFolder is null;
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    public string DataFolder { get; }

    private readonly bool _ownsFolder;

    /// <summary>The server's root, <c>http://127.0.0.1:port/</c> (starts the server).</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        }
    }

    /// <summary>A <c>/hubs/sync</c> connection builder signed in as <paramref name="username"/>.</summary>
    public IHubConnectionBuilder CreateHubConnection(string username, bool messagePack = false,
        Action<HttpConnectionOptions>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(ServerAddress, "hubs/sync"), options =>
        {
            options.Headers[TestAuthHandler.Header] = username;
            configure?.Invoke(options);
        });
        if (messagePack) builder.AddMessagePackProtocol();
        return builder;
    }

    private readonly Dictionary<string, string> _settings = [];

    /// <summary>Overrides one configuration key (say <c>Api:RateLimit:PermitLimit</c>); call before the first client.</summary>
    public PaperNotesApplication WithSetting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Path", DataFolder);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication(TestAuthHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { });
        });
    }

    /// <summary>An HTTP client signed in as <paramref name="username"/> (created on first use).</summary>
    public Task<HttpClient> CreateClientAsync(string username)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ServerAddress });
        client.DefaultRequestHeaders.Add(TestAuthHandler.Header, username);
        return Task.FromResult(client);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder)
        {
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Test-only: trusts an <c>X-Test-User</c> header. Registered by the tests alone.</summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var username) || string.IsNullOrEmpty(username))
            return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity(
            [new Claim("sub", "user-" + username.ToString().ToLowerInvariant()), new Claim("name", username.ToString()), new Claim("scope", "api")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
