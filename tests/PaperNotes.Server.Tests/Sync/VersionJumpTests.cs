using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Library;
using PaperNotes.Server.Sync;
using PaperNotes.Server.Tests.Infrastructure;
using static PaperNotes.Server.Tests.Sync.LibraryWriter;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>
/// The contract promises only that versions increase (docs/sync-protocol.md): a commit may raise a library's version by
/// more than one, and pushes from several server processes may arrive out of order. Devices must converge anyway.
/// </summary>
public sealed class VersionJumpTests
{
    [Fact]
    public async Task APushSpanningSeveralVersionsIsAppliedAndPushesOutOfOrderStillConverge()
    {
        await using var app = new PaperNotesApplication().WithServices(services =>
        {
            services.AddSingleton(sp => new ReshapingPublisher(sp.GetRequiredService<HubLibraryChangePublisher>()));
            services.AddSingleton<ILibraryChangePublisher>(sp => sp.GetRequiredService<ReshapingPublisher>());
        });
        var reshaping = app.Services.GetRequiredService<ReshapingPublisher>();
        var writer = await ForPersonalLibraryAsync(await app.CreateClientAsync("alice"));
        var start = await writer.PutItemAsync(PaperId(0), new { status = "to-read" });
        await using var laptop = await SyncDevices.StartAsync(app, "alice");
        await laptop.WaitForVersionAsync(writer.LibraryId, start).WaitAsync(SyncTestTimeouts.Patience);
        var (pulls, pushes) = (laptop.Pulls, laptop.PushesApplied);

        // Three commits reach the device as one push from `start` to the third version: a jump of three.
        reshaping.Hold();
        for (var i = 1; i <= 3; i++) await writer.PutItemAsync(PaperId(i), new { status = "reading" });
        var jumped = reshaping.ReleaseMerged();
        await laptop.WaitForVersionAsync(writer.LibraryId, jumped).WaitAsync(SyncTestTimeouts.Patience);
        Assert.Equal(start + 3, jumped);
        // It follows exactly what the device held, so the device applies it as it is: no pull.
        Assert.Equal((pulls, pushes + 1), (laptop.Pulls, laptop.PushesApplied));

        // Two commits whose pushes arrive newest first: the device cannot apply the newer one and pulls instead.
        reshaping.Hold();
        await writer.PutItemAsync(PaperId(4), new { status = "read" });
        await writer.PutItemAsync(PaperId(5), new { status = "read" });
        var last = reshaping.ReleaseReversed();
        await laptop.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);

        await using var freshDevice = await SyncDevices.StartAsync(app, "alice");
        await freshDevice.WaitForVersionAsync(writer.LibraryId, last).WaitAsync(SyncTestTimeouts.Patience);
        var expected = freshDevice.Library(writer.LibraryId)!;
        Assert.Equal(6, expected.Objects.Count);
        SyncDevices.AssertSameState(expected, laptop.Library(writer.LibraryId)!);
    }

    /// <summary>
    /// Delivers the real store's commits to the real hub as a backplane of several processes might: held back, then
    /// merged into one push that spans several versions, or sent newest first.
    /// </summary>
    private sealed class ReshapingPublisher(ILibraryChangePublisher hub) : ILibraryChangePublisher
    {
        private readonly List<LibraryChanged> _held = [];
        private bool _holding;

        public void Hold()
        {
            lock (_held) _holding = true;
        }

        public void Published(LibraryChanged change)
        {
            lock (_held)
            {
                if (_holding)
                {
                    _held.Add(change);
                    return;
                }
            }
            hub.Published(change);
        }

        public void LibrariesChanged(string userId) => hub.LibrariesChanged(userId);

        /// <summary>Sends the held commits as one push; answers its version.</summary>
        public long ReleaseMerged()
        {
            var held = TakeHeld();
            hub.Published(new LibraryChanged(held[0].LibraryId, held[0].PreviousVersion, held[^1].Version,
                [.. held.SelectMany(c => c.Changes)]));
            return held[^1].Version;
        }

        /// <summary>Sends the held commits newest first; answers the newest version.</summary>
        public long ReleaseReversed()
        {
            var held = TakeHeld();
            for (var i = held.Count - 1; i >= 0; i--) hub.Published(held[i]);
            return held[^1].Version;
        }

        private List<LibraryChanged> TakeHeld()
        {
            lock (_held)
            {
                _holding = false;
                var held = _held.ToList();
                _held.Clear();
                Assert.NotEmpty(held);
                return held;
            }
        }
    }
}
