using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.SyncClient;

namespace PaperNotes.Bench.Sync;

/// <summary>How the simulated devices reach the bench server.</summary>
internal sealed class BenchClients(Uri server, bool messagePack)
{
    public const string UserHeader = "X-Bench-User";

    public HttpClient Api(string user)
    {
        var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Add(UserHeader, user);
        return client;
    }

    public IHubConnectionBuilder Hub(string path, string user)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, path), options =>
        {
            options.Headers[UserHeader] = user;
            options.SkipNegotiation = true;
            options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
        });
        if (messagePack) builder.AddMessagePackProtocol();
        return builder;
    }

    public DeviceSync Device(HttpClient api, string user) => new(api, Hub("hubs/sync", user));
}
