using PaperNotes.Server.Tests.Infrastructure;
using static PaperNotes.Server.Tests.Sync.LibraryWriter;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>What the hub pushes, seen through bare SignalR connections (JSON and MessagePack).</summary>
public sealed class LivePushTests
{
    [Fact]
    public async Task TheWritersOtherDevicesReceiveEveryChangeInVersionOrder()
    {
        await using var app = new PaperNotesApplication();
        var writer = await ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        await using var overJson = await PushRecorder.ConnectAsync(app.CreateHubConnection("alice"));
        await using var overMessagePack = await PushRecorder.ConnectAsync(app.CreateHubConnection("alice", messagePack: true));

        var acknowledged = new List<long>();
        for (var i = 0; i < 40; i++)
            acknowledged.Add(await writer.PutItemAsync(PaperId(i), new { status = "to-read", tags = new[] { $"t{i}" } }));

        foreach (var device in new[] { overJson, overMessagePack })
        {
            var pushes = (await device.WaitForVersionAsync(writer.LibraryId, acknowledged[^1]))
                .Where(p => p.LibraryId == writer.LibraryId).ToList();
            Assert.Equal(acknowledged, pushes.Select(p => p.Version));
            // Each push names the version it follows: the one acknowledged before it.
            Assert.Equal(acknowledged[..^1], pushes.Skip(1).Select(p => p.PreviousVersion));
            Assert.Equal(Enumerable.Range(0, 40).Select(PaperId), pushes.Select(p => Assert.Single(p.Changes).Key));
            Assert.All(pushes, p => Assert.Equal("item", p.Changes[0].Kind));
        }
    }

    [Fact]
    public async Task AUserNeverReceivesAnotherUsersChanges()
    {
        await using var app = new PaperNotesApplication();
        var alice = await ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        var bob = await ForPersonalLibraryAsync(await app.CreateClientAsync("bob"));
        await using var bobsDevice = await PushRecorder.ConnectAsync(app.CreateHubConnection("bob"));
        Assert.DoesNotContain(alice.LibraryId, bobsDevice.Subscriptions);

        for (var i = 0; i < 10; i++) await alice.PutItemAsync(PaperId(i), new { status = "reading" });
        // Pushes leave one queue in commit order: once Bob has his own later change, Alice's would have come before.
        var bobsVersion = await bob.PutItemAsync(PaperId(99), new { status = "new" });

        var pushes = await bobsDevice.WaitForVersionAsync(bob.LibraryId, bobsVersion);
        Assert.All(pushes, p => Assert.Equal(bob.LibraryId, p.LibraryId));
    }

    [Fact]
    public async Task ACommitTooLargeToPushInlineArrivesEmptyAndDevicesPullIt()
    {
        await using var app = new PaperNotesApplication().WithSetting("Sync:MaxInlineChanges", "5");
        var writer = await ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        await using var recorder = await PushRecorder.ConnectAsync(app.CreateHubConnection("alice"));
        await using var device = await SyncDevices.StartAsync(app, "alice");

        var version = await writer.BatchAsync(Enumerable.Range(0, 20).Select(i =>
            (object)new { op = "put", kind = "item", key = PaperId(i), data = new { status = "to-read" } }));

        var push = (await recorder.WaitForVersionAsync(writer.LibraryId, version)).Last();
        Assert.Empty(push.Changes);
        await device.WaitForVersionAsync(writer.LibraryId, version).WaitAsync(SyncTestTimeouts.Patience);
        Assert.Equal(20, device.Library(writer.LibraryId)!.Objects.Count);
    }
}
