using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Admin;

/// <summary>
/// How an admin command reaches the running server, which holds the LiteDB file alone: at start the server writes
/// <see cref="FileName"/> into its data folder (readable by its owner only) with a loopback address and a fresh
/// random secret; <c>POST /admin/commands</c> runs a command for a caller on this machine that shows the secret.
/// Whoever can read the data folder could read the whole store anyway, so the secret grants nothing more.
/// </summary>
internal sealed class AdminChannel(IServer server, IOptions<StorageOptions> storage, IHostApplicationLifetime lifetime,
    ILogger<AdminChannel> logger) : IHostedService
{
    public const string FileName = "admin.json";
    public const string SecretHeader = "X-PaperNotes-Admin-Secret";

    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string PathIn(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), FileName);

    private string FilePath => PathIn(storage.Value.Path);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The addresses are known only once the server listens.
        lifetime.ApplicationStarted.Register(Publish);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        try { File.Delete(FilePath); }
        catch (IOException ex) { logger.LogWarning(ex, "Could not remove {File}", FilePath); }
        return Task.CompletedTask;
    }

    public bool Admits(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote
        && (IPAddress.IsLoopback(remote) || remote.Equals(context.Connection.LocalIpAddress))
        && context.Request.Headers[SecretHeader].ToString() is { Length: > 0 } shown
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(shown), Encoding.UTF8.GetBytes(_secret));

    private void Publish()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.Select(a => new Uri(a.Replace("://+", "://localhost").Replace("://*", "://localhost")))
            .OrderBy(a => a.Scheme == Uri.UriSchemeHttp ? 0 : 1).FirstOrDefault();
        if (address is null) return;
        var host = address.Host is "localhost" or "0.0.0.0" or "[::]" ? "127.0.0.1" : address.Host;
        var url = new UriBuilder(address) { Host = host }.Uri;
        var json = JsonSerializer.Serialize(new AdminEndpoint(url.ToString(), _secret));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var file = new StreamWriter(FilePath, Encoding.UTF8, options);
            file.Write(json);
        }
        catch (IOException ex) { logger.LogWarning(ex, "Could not write {File}: admin commands will not reach this server", FilePath); }
    }
}

/// <summary>The content of <see cref="AdminChannel.FileName"/>.</summary>
internal sealed record AdminEndpoint(string Url, string Secret);

/// <summary>A command line sent to the running server, and what it printed.</summary>
internal sealed record AdminRequest(string[] Args);

internal sealed record AdminResponse(int ExitCode, string Output);

public static class AdminExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AdminChannel>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminChannel>());
        services.AddSingleton<UserAdministration>();
        // IStoreBackup is the engine's (Storage/StorageExtensions): LiteDB copies its folder, PostgreSQL has pg_dump.
        return services;
    }

    /// <summary><c>POST /admin/commands</c>: 404 to anyone without the secret, so nothing tells it exists.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/commands", async Task<IResult> (AdminRequest request, HttpContext http, AdminChannel channel,
            IServiceProvider services, IConfiguration configuration, CancellationToken ct) =>
        {
            if (!channel.Admits(http)) return TypedResults.NotFound();
            if (request.Args is ["restore", ..])
                return TypedResults.Ok(new AdminResponse(1, "The server is running on this data folder: stop it, then restore into an empty folder."));
            var output = new StringWriter();
            var exitCode = await new AdminCommands(services, configuration).RunAsync(request.Args, output, ct);
            return TypedResults.Ok(new AdminResponse(exitCode, output.ToString()));
        }).ExcludeFromDescription();
        return routes;
    }
}
