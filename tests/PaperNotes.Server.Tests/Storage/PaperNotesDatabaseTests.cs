using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Storage;

public sealed class PaperNotesDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("papernotes-database-").FullName;

    private PaperNotesDatabase Open() => new(Options.Create(new StorageOptions { Path = _folder }));

    [LiteDbFact]
    public void ASecondServerOnTheSameDataFolderRefusesToOpenItAndSaysWhy()
    {
        using (var running = Open())
        {
            var refused = Assert.Throws<InvalidOperationException>(Open);
            Assert.Contains("Another PaperNotes server", refused.Message);
            Assert.Contains(_folder, refused.Message);
        }

        // Once the first one has closed, the folder opens again (a restart).
        using var restarted = Open();
        Assert.Empty(restarted.Database.GetCollectionNames());
    }

    [LiteDbFact]
    public async Task ReadsRunningDuringCommitsLeaveAFileThatReopensWithEveryAcknowledgedWrite()
    {
        const int Writes = 3000;
        using (var database = Open())
        using (var writer = new DurableWriter(database, Options.Create(new StorageOptions { Path = _folder }), NullLogger<DurableWriter>.Instance))
        {
            database.Database.GetCollection("probe").EnsureIndex("n");
            using var stop = new CancellationTokenSource();
            // Readers hit the data file and the log while the writer appends and syncs the log under them.
            var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
            {
                var probe = database.Database.GetCollection("probe");
                while (!stop.IsCancellationRequested) _ = probe.FindOne(Query.EQ("n", Random.Shared.Next(Writes)));
            })).ToList();
            await Task.WhenAll(Enumerable.Range(0, Writes).Select(n =>
                writer.WriteLiteDbAsync(c => c.GetCollection("probe").Insert(new BsonDocument { ["n"] = n }))));
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }

        using var reopened = Open();
        var probe = reopened.Database.GetCollection("probe");
        Assert.Equal(Writes, probe.Count());
        Assert.All(Enumerable.Range(0, Writes), n => Assert.NotNull(probe.FindOne(Query.EQ("n", n))));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
