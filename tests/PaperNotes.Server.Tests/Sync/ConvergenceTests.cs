using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.SyncClient;
using static PaperNotes.Server.Tests.Sync.LibraryWriter;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>Nothing is lost across disconnects and restarts: every device ends with the same library (SPEC §5).</summary>
public sealed class ConvergenceTests
{
    [Fact]
    public async Task ADeviceDisconnectedDuring100WritesReconnectsAndConvergesToTheOthersState()
    {
        await using var app = new PaperNotesApplication();
        var writer = await ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        await using var laptop = await SyncDevices.StartAsync(app, "alice");
        await using var phone = await SyncDevices.StartAsync(app, "alice", messagePack: true);

        var objectVersions = new Dictionary<string, long>();
        long last = 0;
        for (var i = 0; i < 100; i++)
        {
            if (i == 10) await phone.StopAsync();
            if (i == 70) await phone.StartAsync();
            // Creates, plus updates and deletes of earlier items, so tombstones must travel too.
            if (i % 10 == 9 && objectVersions.Remove(PaperId(i - 5), out var doomed))
                last = await writer.DeleteItemAsync(PaperId(i - 5), doomed);
            else if (i % 5 == 3 && objectVersions.TryGetValue(PaperId(i - 1), out var seen))
                last = objectVersions[PaperId(i - 1)] = await writer.PutItemAsync(PaperId(i - 1), new { status = "read", tags = new[] { "updated" } }, seen);
            else
                last = objectVersions[PaperId(i)] = await writer.PutItemAsync(PaperId(i), new { status = "to-read", tags = new[] { $"t{i}" } });
        }

        await laptop.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);
        await phone.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);
        await using var freshDevice = await SyncDevices.StartAsync(app, "alice");
        await freshDevice.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);

        var expected = freshDevice.Library(writer.LibraryId)!;
        Assert.Equal(objectVersions.Keys.Order(), expected.Objects.Keys.Select(k => k.Key).Order());
        SyncDevices.AssertSameState(expected, laptop.Library(writer.LibraryId)!);
        SyncDevices.AssertSameState(expected, phone.Library(writer.LibraryId)!);
    }

    [Fact]
    public async Task AfterAServerRestartMidStreamDevicesReconnectAndConvergeWithEveryAcknowledgedWrite()
    {
        var folder = Directory.CreateTempSubdirectory("papernotes-restart-").FullName;
        var server = new PaperNotesApplication(folder, PaperNotesApplication.RestartablePort());
        try
        {
            var port = server.BaseAddress.Port;
            // Devices keep their HTTP client across the restart: requests go to whichever server is current.
            var current = server;
            HttpClient Api(string user) => new(new CurrentServerHandler(() => current, user)) { BaseAddress = server.BaseAddress };
            var writer = await ForPersonalLibraryAsync(Api("alice"));
            await using var laptop = new DeviceSync(Api("alice"), server.CreateHubConnection("alice"), SyncDevices.FastReconnect);
            await using var phone = new DeviceSync(Api("alice"), server.CreateHubConnection("alice", messagePack: true), SyncDevices.FastReconnect);
            await laptop.StartAsync();
            await phone.StartAsync();

            var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var acknowledged = new Dictionary<string, long>();
            var writing = Task.Run(async () =>
            {
                for (var i = 0; i < 120; i++)
                {
                    if (i == 40) halfway.SetResult();
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            // Version 0: create only, so a retry of a write that did commit answers 412 instead of
                            // writing again.
                            using var response = await writer.TryPutItemAsync(PaperId(i), new { status = "new" }, ifUnmodifiedSinceVersion: 0);
                            if (response.StatusCode == System.Net.HttpStatusCode.PreconditionFailed && attempt > 0) break;
                            acknowledged[PaperId(i)] = await AcknowledgedVersionAsync(response);
                            break;
                        }
                        catch (Exception ex) when (attempt < 3 && ex is HttpRequestException or ObjectDisposedException or TaskCanceledException)
                        {
                            await restarted.Task;
                        }
                    }
                }
            });

            await halfway.Task.WaitAsync(SyncTestTimeouts.Patience);
            await server.DisposeAsync();
            current = new PaperNotesApplication(folder, port);
            Assert.Equal(port, current.BaseAddress.Port);
            restarted.SetResult();
            await writing.WaitAsync(SyncTestTimeouts.Patience);

            var last = acknowledged.Values.Max();
            await laptop.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);
            await phone.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);
            await using var freshDevice = await SyncDevices.StartAsync(current, "alice");
            await freshDevice.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);

            var expected = freshDevice.Library(writer.LibraryId)!;
            Assert.All(acknowledged, write =>
                Assert.True(expected.Objects.ContainsKey(new ObjectKey("item", write.Key)), $"acknowledged {write.Key} is missing"));
            SyncDevices.AssertSameState(expected, laptop.Library(writer.LibraryId)!);
            SyncDevices.AssertSameState(expected, phone.Library(writer.LibraryId)!);
            await current.DisposeAsync();
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Sends each request through the signed-in client of the server running now.</summary>
    private sealed class CurrentServerHandler(Func<PaperNotesApplication> current, string username) : HttpMessageHandler
    {
        private readonly Dictionary<PaperNotesApplication, HttpClient> _clients = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var server = current();
            HttpClient? client;
            lock (_clients) _clients.TryGetValue(server, out client);
            if (client is null)
            {
                client = await server.CreateClientAsync(username);
                lock (_clients) _clients[server] = client;
            }
            using var forwarded = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var header in request.Headers) forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
            return await client.SendAsync(forwarded, cancellationToken);
        }
    }
}
