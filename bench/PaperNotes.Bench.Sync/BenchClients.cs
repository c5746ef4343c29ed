using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.SyncClient;

namespace PaperNotes.Bench.Sync;

/// <summary>How the simulated devices reach the bench server: with real access tokens, as the extension does.</summary>
internal sealed class BenchClients(Uri server, bool messagePack)
{
    public HttpClient Api(string accessToken)
    {
        var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>The sync hub as the extension opens it: a WebSocket with the access token in the query.</summary>
    public DeviceSync Device(HttpClient api, string accessToken) =>
        new(api, Hub(new Uri(server, "hubs/sync?access_token=" + Uri.EscapeDataString(accessToken))));

    /// <summary>The bench-only echo hub, which asks for no sign-in.</summary>
    public IHubConnectionBuilder Echo() => Hub(new Uri(server, "bench/echo"));

    private IHubConnectionBuilder Hub(Uri url)
    {
        var builder = new HubConnectionBuilder().WithUrl(url, options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
        });
        if (messagePack) builder.AddMessagePackProtocol();
        return builder;
    }
}
