using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using PaperNotes.Server.Tests.Observability;
using PaperNotes.Server.Tests.Sync;

namespace PaperNotes.Server.Tests.Admin;

/// <summary><c>admin backup</c> while the server takes writes, and <c>admin restore</c> into a fresh data folder.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _backup = Path.Combine(Path.GetTempPath(), "papernotes-backup-" + Guid.NewGuid().ToString("N"));
    private readonly string _restored = Directory.CreateTempSubdirectory("papernotes-restored-").FullName;

    [LiteDbFact]
    public async Task ABackupTakenWhileSixteenWritersWriteRestoresEveryAcknowledgedWriteAndKeepsSignedInDevices()
    {
        var original = new PaperNotesApplication(port: PaperNotesApplication.RestartablePort());
        int port;
        UserTokens tokens;
        string libraryId;
        (string Key, long Version)[] acknowledgedBeforeBackup;
        try
        {
            port = original.Port;
            tokens = await original.GetTokensAsync("alice");
            var writer = await LibraryWriter.ForPersonalLibraryAsync(original.CreateBearerClient(tokens.AccessToken));
            libraryId = writer.LibraryId;
            var acknowledged = new ConcurrentQueue<(string Key, long Version)>();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = LibraryWriter.PaperId(w * 5000 + i);
                    acknowledged.Enqueue((key, await writer.PutItemAsync(key, new { status = "reading", tags = new[] { $"w{w}" } })));
                }
            })).ToList();
            await MetricsTests.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 64), timeoutSeconds: 60);

            acknowledgedBeforeBackup = [.. acknowledged];
            var backup = await AdminProcess.RunAsync(original.DataFolder, "backup", "--to", _backup);
            var acknowledgedByTheEnd = acknowledged.Count;
            stop.Cancel();
            await Task.WhenAll(writers);

            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.Contains("the copy opens", backup.Output);
            Assert.True(acknowledgedByTheEnd > acknowledgedBeforeBackup.Length, "The writers did not go on writing during the backup.");
        }
        finally { await original.DisposeAsync(); }

        var restore = await AdminProcess.RunAsync(_restored, "restore", "--from", _backup);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        // Tokens name the address that issued them: the restored server takes the original's place.
        await using var restored = new PaperNotesApplication(_restored, port);
        var refreshed = await AdminCommandTests.RefreshAsync(restored, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var accessToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var alice = restored.CreateBearerClient(accessToken);
        var feed = new Dictionary<string, long>();
        for (long since = 0; ;)
        {
            var page = await alice.ChangesAsync(libraryId, since, limit: 5000);
            foreach (var change in page.GetProperty("changes").EnumerateArray())
                feed[change.GetProperty("key").GetString()!] = change.GetProperty("version").GetInt64();
            since = page.GetProperty("version").GetInt64();
            if (!page.GetProperty("more").GetBoolean()) break;
        }
        Assert.All(acknowledgedBeforeBackup, write => Assert.True(feed.ContainsKey(write.Key), $"{write.Key} (v{write.Version}) is missing."));
    }

    [LiteDbFact]
    public async Task RestoreRefusesARunningServersFolderAndAFolderThatIsNotEmpty()
    {
        await using var app = new PaperNotesApplication();
        await app.CreateClientAsync("alice");
        Assert.Equal(0, (await AdminProcess.RunAsync(app.DataFolder, "backup", "--to", _backup)).ExitCode);

        var whileRunning = await AdminProcess.RunAsync(app.DataFolder, "restore", "--from", _backup);
        File.WriteAllText(Path.Combine(_restored, "something.txt"), "not a data folder");
        var intoNonEmpty = await AdminProcess.RunAsync(_restored, "restore", "--from", _backup);
        var backupOverBackup = await AdminProcess.RunAsync(app.DataFolder, "backup", "--to", _backup);
        var backupIntoTheStore = await AdminProcess.RunAsync(app.DataFolder, "backup", "--to", Path.Combine(app.DataFolder, "backup"));

        Assert.Equal(1, whileRunning.ExitCode);
        Assert.Contains("stop it", whileRunning.Output);
        Assert.Equal(1, intoNonEmpty.ExitCode);
        Assert.Contains("not empty", intoNonEmpty.Output);
        Assert.Equal(1, backupOverBackup.ExitCode);
        Assert.Contains("not empty", backupOverBackup.Output);
        Assert.Equal(1, backupIntoTheStore.ExitCode);
        Assert.Contains("inside the data folder", backupIntoTheStore.Output);
    }

    public void Dispose()
    {
        foreach (var folder in new[] { _backup, _restored })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
