using System.Net;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using PaperNotes.Server.Tests.Sync;
using PaperNotes.SyncClient;

namespace PaperNotes.Server.Tests.Collections;

/// <summary>Members on real SignalR clients see each other's work arrive, and a removed member stops at once.</summary>
public sealed class CollaborationTests : IAsyncDisposable
{
    private readonly PaperNotesApplication _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task TwoMembersWritingAtOnceConvergeOnTheSameCollection()
    {
        var alice = await _app.KnownUserAsync("alice");
        var bob = await _app.KnownUserAsync("bob");
        await using var aliceDevice = await SyncDevices.StartAsync(_app, "alice");
        await using var bobDevice = await SyncDevices.StartAsync(_app, "bob", messagePack: true);
        var id = (await alice.CreateCollectionAsync("Papers for Thursday")).GetProperty("id").GetString()!;

        // Bob's device hears LibrariesChanged, subscribes and pulls: no reload, no polling.
        await alice.InviteAsync(id, "bob", "editor");
        var writes = new[]
        {
            Task.Run(async () => { for (var i = 0; i < 10; i++) await alice.PutItemAsync(id, $"2403.{i:D5}", new { note = $"alice {i}" }); }),
            Task.Run(async () =>
            {
                await bobDevice.WaitForVersionAsync(id, 1).WaitAsync(SyncTestTimeouts.Patience);
                for (var i = 0; i < 10; i++)
                    Assert.Equal(HttpStatusCode.Created, (await bob.PutAsync($"/api/libraries/{id}/annotations/{Guid.NewGuid()}",
                        CollectionCalls.Highlight($"2403.{i:D5}", "claim", "", "", 0, body: $"bob {i}"))).StatusCode);
            }),
        };
        await Task.WhenAll(writes);
        var last = (await alice.ChangesAsync(id, 0)).GetProperty("version").GetInt64();

        await aliceDevice.WaitForVersionAsync(id, last).WaitAsync(SyncTestTimeouts.Patience);
        await bobDevice.WaitForVersionAsync(id, last).WaitAsync(SyncTestTimeouts.Patience);
        var expected = aliceDevice.Library(id)!;
        Assert.Equal(10, expected.Objects.Keys.Count(k => k.Kind == "item"));
        Assert.Equal(10, expected.Objects.Keys.Count(k => k.Kind == "annotation"));
        Assert.Equal(2, expected.Objects.Keys.Count(k => k.Kind == "member"));
        SyncDevices.AssertSameState(expected, bobDevice.Library(id)!);
    }

    [Fact]
    public async Task ARemovedMemberLosesTheCollectionOnTheirDeviceAndCannotReadIt()
    {
        var alice = await _app.KnownUserAsync("alice");
        var bob = await _app.KnownUserAsync("bob");
        await using var bobDevice = await SyncDevices.StartAsync(_app, "bob");
        var id = (await alice.CreateCollectionAsync("Short invite")).GetProperty("id").GetString()!;
        await alice.InviteAsync(id, "bob", "viewer");
        var version = await alice.PutItemAsync(id, "2403.12345", new { note = "for bob" });
        await bobDevice.WaitForVersionAsync(id, version).WaitAsync(SyncTestTimeouts.Patience);

        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bobDevice.Updated += _ => { if (bobDevice.Library(id) is null) lost.TrySetResult(); };
        await alice.RemoveAsync(id, "bob");

        await (await bob.GetAsync($"/api/libraries/{id}/changes?since=0")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await alice.PutItemAsync(id, "2403.54321", new { note = "after bob left" });
        // The device drops the library on the LibrariesChanged that follows the removal.
        await WaitUntilAsync(() => bobDevice.Library(id) is null, lost.Task);
        Assert.Null(bobDevice.Library(id));
    }

    /// <summary>Waits for <paramref name="signal"/> unless <paramref name="done"/> already holds.</summary>
    private static async Task WaitUntilAsync(Func<bool> done, Task signal)
    {
        if (done()) return;
        await signal.WaitAsync(SyncTestTimeouts.Patience);
    }
}
