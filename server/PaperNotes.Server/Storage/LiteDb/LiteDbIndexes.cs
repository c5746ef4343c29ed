using PaperNotes.Server.Api;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Stores;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>Before the server listens: every index the LiteDB stores' queries rely on. Idempotent.</summary>
internal sealed class LiteDbIndexes(IDurableWriter writer) : IStoreSchema
{
    public Task StartAsync(CancellationToken cancellationToken) => PrepareAsync(cancellationToken);

    public Task PrepareAsync(CancellationToken cancellationToken) => writer.WriteAsync(context =>
    {
        var db = context.LiteDb();
        LiteDbLibraryStore.EnsureIndexes(db);
        LiteDbIdempotencyRecords.EnsureIndexes(db);
        LiteDbUserAccountRecords.EnsureIndexes(db);
        Auth.External.LiteDbExternalLoginRecords.EnsureIndexes(db);
        OpenIddictLiteDbExtensions.EnsureIndexes(db);
        return Task.FromResult(true);
    }, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
