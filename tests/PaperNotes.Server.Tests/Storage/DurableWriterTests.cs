using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Tests.Storage;

public sealed class DurableWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("papernotes-writer-").FullName;

    private (PaperNotesDatabase, DurableWriter) Open()
    {
        var options = Options.Create(new StorageOptions { Path = _folder });
        var database = new PaperNotesDatabase(options);
        return (database, new DurableWriter(database, options, NullLogger<DurableWriter>.Instance));
    }

    [Fact]
    public async Task EveryAcknowledgedWriteHasBeenSyncedToTheDevice()
    {
        var (database, writer) = Open();
        using (database)
        using (writer)
        {
            for (var i = 0; i < 50; i++)
            {
                var syncsBefore = database.Syncs;
                await writer.WriteLiteDbAsync(c => c.GetCollection("probe").Insert(new BsonDocument { ["n"] = i }));
                Assert.True(database.Syncs > syncsBefore, $"write {i} was acknowledged before any fsync");
            }
        }
    }

    [Fact]
    public async Task ConcurrentWritesShareCommits()
    {
        var (database, writer) = Open();
        using (database)
        using (writer)
        {
            var writes = Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
                writer.WriteLiteDbAsync(c => c.GetCollection("probe").Insert(new BsonDocument { ["n"] = i }))));
            await Task.WhenAll(writes);
            Assert.Equal(2000, database.Database.GetCollection("probe").Count());
            Assert.True(writer.Commits < 2000, $"{writer.Commits} commits for 2000 concurrent writes: no grouping");
        }
    }

    [Fact]
    public async Task AFailingWriteFailsAloneAndTheRestOfItsGroupCommits()
    {
        var (database, writer) = Open();
        using (database)
        using (writer)
        {
            var writes = Enumerable.Range(0, 200).Select(i => writer.WriteLiteDbAsync(c =>
            {
                c.GetCollection("probe").Insert(new BsonDocument { ["_id"] = i });
                if (i == 100) throw new InvalidOperationException("boom");
                return i;
            })).ToList();
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[100]);
            Assert.Equal("boom", failure.Message);
            foreach (var write in writes.Where((_, i) => i != 100)) await write;
            var ids = database.Database.GetCollection("probe").FindAll().Select(d => d["_id"].AsInt32).ToHashSet();
            Assert.Equal(199, ids.Count);
            Assert.DoesNotContain(100, ids);
        }
    }

    [Fact]
    public async Task AcknowledgedWritesSurviveReopening()
    {
        var (database, writer) = Open();
        using (database)
        using (writer)
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
                writer.WriteLiteDbAsync(c => c.GetCollection("probe").Insert(new BsonDocument { ["_id"] = i }))));
        var (reopened, writer2) = Open();
        using (reopened)
        using (writer2)
            Assert.Equal(100, reopened.Database.GetCollection("probe").Count());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
