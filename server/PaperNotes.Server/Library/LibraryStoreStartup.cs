using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>Before the server listens: the indexes the library store's queries rely on.</summary>
internal sealed class LibraryStoreStartup(IDurableWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        writer.WriteAsync(context => { LiteDbLibraryStore.EnsureIndexes(context.Database); return true; }, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
