using System.Text.Json;
using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace PaperNotes.Server.Auth.External;

/// <summary>Where <see cref="ExternalLogins"/> keeps upstream identities: by <see cref="ExternalLogin.Id"/>, and by account.</summary>
public interface IExternalLoginRecords
{
    Task<ExternalLogin?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ExternalLogin>> ForUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The account's identities as this write sees them, locked against other writes on PostgreSQL.</summary>
    Task<IReadOnlyList<ExternalLogin>> ForUserAsync(WriteContext context, string userId);

    /// <summary>The identity's record as this write sees it.</summary>
    Task<ExternalLogin?> FindAsync(WriteContext context, string id);

    /// <summary>Inserts; a concurrent insert of the same id makes the write run again on PostgreSQL (it then finds it).</summary>
    Task InsertAsync(WriteContext context, ExternalLogin login);

    Task DeleteAsync(WriteContext context, string id);
}

/// <summary>Collection <c>external_logins</c>, indexed by account.</summary>
internal sealed class LiteDbExternalLoginRecords(PaperNotesDatabase database) : IExternalLoginRecords
{
    public const string Collection = "external_logins";

    public static void EnsureIndexes(ILiteDatabase db) => db.GetCollection<ExternalLogin>(Collection).EnsureIndex(l => l.UserId);

    private static ILiteCollection<ExternalLogin> In(ILiteDatabase db) => db.GetCollection<ExternalLogin>(Collection);

    public Task<ExternalLogin?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(database.Database, id));

    public Task<IReadOnlyList<ExternalLogin>> ForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ForUser(database.Database, userId));

    public Task<IReadOnlyList<ExternalLogin>> ForUserAsync(WriteContext context, string userId) =>
        Task.FromResult(ForUser(context.LiteDb(), userId));

    public Task<ExternalLogin?> FindAsync(WriteContext context, string id) => Task.FromResult(Find(context.LiteDb(), id));

    public Task InsertAsync(WriteContext context, ExternalLogin login)
    {
        In(context.LiteDb()).Insert(login);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(WriteContext context, string id)
    {
        In(context.LiteDb()).Delete(id);
        return Task.CompletedTask;
    }

    // Ids are lower-case hex and user ids compared ordinally: LiteDB's own comparison ignores case.
    private static ExternalLogin? Find(ILiteDatabase db, string id) => In(db).FindById(id) is { } login && login.Id == id ? login : null;

    private static IReadOnlyList<ExternalLogin> ForUser(ILiteDatabase db, string userId) =>
        [.. In(db).Find(LiteDB.Query.EQ(nameof(ExternalLogin.UserId), userId)).Where(l => l.UserId == userId)];
}

/// <summary>Table <c>external_logins</c> (migration 004): the identity as JSON beside its id and account.</summary>
internal sealed class PostgresExternalLoginRecords(PostgresDatabase database) : IExternalLoginRecords
{
    public async Task<ExternalLogin?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT login FROM external_logins WHERE id = $1").Bind(id);
        return await command.ReadOneAsync(Read, cancellationToken);
    }

    public async Task<IReadOnlyList<ExternalLogin>> ForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT login FROM external_logins WHERE user_id = $1").Bind(userId);
        return await command.ReadAllAsync(Read, cancellationToken);
    }

    public async Task<IReadOnlyList<ExternalLogin>> ForUserAsync(WriteContext context, string userId)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("SELECT login FROM external_logins WHERE user_id = $1 FOR UPDATE").Bind(userId);
        return await command.ReadAllAsync(Read);
    }

    public async Task<ExternalLogin?> FindAsync(WriteContext context, string id)
    {
        await using var command = ((PostgresWriteContext)context).Command("SELECT login FROM external_logins WHERE id = $1").Bind(id);
        return await command.ReadOneAsync(Read);
    }

    public async Task InsertAsync(WriteContext context, ExternalLogin login)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("INSERT INTO external_logins (id, user_id, login) VALUES ($1, $2, $3::json)")
            .Bind(login.Id, login.UserId, JsonSerializer.Serialize(login, JsonSerializerOptions.Web));
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteAsync(WriteContext context, string id)
    {
        await using var command = ((PostgresWriteContext)context).Command("DELETE FROM external_logins WHERE id = $1").Bind(id);
        await command.ExecuteNonQueryAsync();
    }

    private static ExternalLogin Read(Npgsql.NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize<ExternalLogin>(reader.GetString(0), JsonSerializerOptions.Web)!;
}
