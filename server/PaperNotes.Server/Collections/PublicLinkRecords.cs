using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Collections;

/// <summary>Which library each public link opens, by the link's <see cref="PublicLinks.Hash"/>.</summary>
internal interface IPublicLinkRecords
{
    Task<string?> LibraryOfAsync(string tokenHash, CancellationToken cancellationToken = default);

    Task AddAsync(WriteContext context, string tokenHash, string libraryId);

    Task RemoveAsync(WriteContext context, string tokenHash);
}

/// <summary>Collection <c>public_links</c>.</summary>
internal sealed class LiteDbPublicLinkRecords(PaperNotesDatabase database) : IPublicLinkRecords
{
    private const string Collection = "public_links";

    public Task<string?> LibraryOfAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Database.GetCollection(Collection).FindById(tokenHash)?["libraryId"].AsString);

    public Task AddAsync(WriteContext context, string tokenHash, string libraryId)
    {
        context.LiteDb().GetCollection(Collection).Upsert(new BsonDocument { ["_id"] = tokenHash, ["libraryId"] = libraryId });
        return Task.CompletedTask;
    }

    public Task RemoveAsync(WriteContext context, string tokenHash)
    {
        context.LiteDb().GetCollection(Collection).Delete(tokenHash);
        return Task.CompletedTask;
    }
}

/// <summary>Table <c>public_links</c>; a link goes with its library (ON DELETE CASCADE).</summary>
internal sealed class PostgresPublicLinkRecords(PostgresDatabase database) : IPublicLinkRecords
{
    public async Task<string?> LibraryOfAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT library_id FROM public_links WHERE token_hash = $1").Bind(tokenHash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task AddAsync(WriteContext context, string tokenHash, string libraryId)
    {
        await using var command = ((PostgresWriteContext)context).Command("""
            INSERT INTO public_links (token_hash, library_id) VALUES ($1, $2)
            ON CONFLICT (token_hash) DO UPDATE SET library_id = EXCLUDED.library_id
            """).Bind(tokenHash, libraryId);
        await command.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(WriteContext context, string tokenHash)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("DELETE FROM public_links WHERE token_hash = $1").Bind(tokenHash);
        await command.ExecuteNonQueryAsync();
    }
}
