using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.SyncClient;

namespace PaperNotes.Server.Tests.Sync;

internal static class SyncDevices
{
    /// <summary>A started <see cref="DeviceSync"/> for <paramref name="username"/>, reconnecting quickly.</summary>
    public static async Task<DeviceSync> StartAsync(PaperNotesApplication app, string username, bool messagePack = false)
    {
        var device = new DeviceSync(await app.CreateClientAsync(username), app.CreateHubConnection(username, messagePack), FastReconnect);
        await device.StartAsync().WaitAsync(SyncTestTimeouts.Patience);
        return device;
    }

    public static readonly DeviceSyncOptions FastReconnect = new() { MaxReconnectDelay = TimeSpan.FromSeconds(1) };

    /// <summary>Same version, same objects at the same versions, same JSON; names the first difference.</summary>
    public static void AssertSameState(LibrarySnapshot expected, LibrarySnapshot actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Objects.Keys.OrderBy(k => k.ToString()), actual.Objects.Keys.OrderBy(k => k.ToString()));
        foreach (var (key, theirs) in expected.Objects)
        {
            var ours = actual.Objects[key];
            Assert.Equal(theirs.Version, ours.Version);
            Assert.True(System.Text.Json.JsonElement.DeepEquals(theirs.Data, ours.Data), $"{key}: {theirs.Data} != {ours.Data}");
        }
        Assert.True(expected.HasSameState(actual));
    }
}
