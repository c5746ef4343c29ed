using System.Text.Json;
using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>Where <see cref="UserAccounts"/> keeps accounts: by id, and by normalised username, unique.</summary>
public interface IUserAccountRecords
{
    Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    Task<UserAccount?> FindByNormalizedUserNameAsync(string normalizedUserName, CancellationToken cancellationToken = default);

    /// <summary>Every account, disabled ones included, in no particular order (for the operator's <c>admin users</c>).</summary>
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The account, locked against other writes until this one commits.</summary>
    Task<UserAccount?> LockAsync(WriteContext context, string id);

    /// <summary>
    /// Inserts a new account; false when its normalised name is taken. On PostgreSQL a concurrent registration of the
    /// same name makes this write run again, and then it answers false.
    /// </summary>
    Task<bool> InsertAsync(WriteContext context, UserAccount account);

    Task UpdateAsync(WriteContext context, UserAccount account);
}

/// <summary>Collection <c>users</c>, unique on <see cref="UserAccount.NormalizedUserName"/>.</summary>
internal sealed class LiteDbUserAccountRecords(PaperNotesDatabase database) : IUserAccountRecords
{
    public const string Collection = "users";

    static LiteDbUserAccountRecords() => Models.LiteDbMapping.EnsureBuilt();

    public static void EnsureIndexes(ILiteDatabase db) =>
        db.GetCollection<UserAccount>(Collection).EnsureIndex(u => u.NormalizedUserName, unique: true);

    private ILiteCollection<UserAccount> Users => database.Database.GetCollection<UserAccount>(Collection);

    /// <summary>The account of <paramref name="id"/>, compared ordinally (LiteDB's own comparison ignores case).</summary>
    public Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Users.FindById(id) is { } user && user.Id == id ? user : null);

    public Task<UserAccount?> FindByNormalizedUserNameAsync(string normalizedUserName, CancellationToken cancellationToken = default) =>
        // LiteDB's match ignores case and some characters, and accounts made before names were normalised this way
        // hold an upper-case form: keep a match only if its name normalises to the same form.
        Task.FromResult(Users.Find(LiteDB.Query.EQ(nameof(UserAccount.NormalizedUserName), normalizedUserName))
            .FirstOrDefault(u => UserAccount.Normalize(u.UserName) == normalizedUserName));

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UserAccount>>([.. Users.FindAll()]);

    // The writer thread serialises every write: reading inside one is enough.
    public Task<UserAccount?> LockAsync(WriteContext context, string id) =>
        Task.FromResult(context.LiteDb().GetCollection<UserAccount>(Collection).FindById(id) is { } user && user.Id == id ? user : null);

    public Task<bool> InsertAsync(WriteContext context, UserAccount account)
    {
        var users = context.LiteDb().GetCollection(Collection);
        if (users.Exists(LiteDB.Query.EQ(nameof(UserAccount.NormalizedUserName), account.NormalizedUserName)))
            return Task.FromResult(false);
        users.Insert(context.LiteDb().Mapper.ToDocument(account));
        return Task.FromResult(true);
    }

    public Task UpdateAsync(WriteContext context, UserAccount account)
    {
        context.LiteDb().GetCollection<UserAccount>(Collection).Update(account);
        return Task.CompletedTask;
    }
}

/// <summary>Table <c>users</c>: the account as JSON beside its unique normalised name.</summary>
internal sealed class PostgresUserAccountRecords(PostgresDatabase database) : IUserAccountRecords
{
    public async Task<UserAccount?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT account FROM users WHERE id = $1").Bind(id);
        return await command.ReadOneAsync(Read, cancellationToken);
    }

    public async Task<UserAccount?> FindByNormalizedUserNameAsync(string normalizedUserName, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT account FROM users WHERE normalized_user_name = $1").Bind(normalizedUserName);
        return await command.ReadOneAsync(Read, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT account FROM users");
        return await command.ReadAllAsync(Read, cancellationToken);
    }

    public async Task<UserAccount?> LockAsync(WriteContext context, string id)
    {
        await using var command = ((PostgresWriteContext)context).Command("SELECT account FROM users WHERE id = $1 FOR UPDATE").Bind(id);
        return await command.ReadOneAsync(Read);
    }

    public async Task<bool> InsertAsync(WriteContext context, UserAccount account)
    {
        var pg = (PostgresWriteContext)context;
        await using (var taken = pg.Command("SELECT 1 FROM users WHERE normalized_user_name = $1").Bind(account.NormalizedUserName))
            if (await taken.ExecuteScalarAsync() is not null) return false;
        // A plain INSERT: a registration of the same name committed meanwhile is a unique violation, and the rerun
        // of this write then finds the name taken.
        await using var insert = pg.Command("INSERT INTO users (id, normalized_user_name, account) VALUES ($1, $2, $3::json)")
            .Bind(account.Id, account.NormalizedUserName, JsonSerializer.Serialize(account, JsonSerializerOptions.Web));
        await insert.ExecuteNonQueryAsync();
        return true;
    }

    public async Task UpdateAsync(WriteContext context, UserAccount account)
    {
        await using var command = ((PostgresWriteContext)context)
            .Command("UPDATE users SET normalized_user_name = $2, account = $3::json WHERE id = $1")
            .Bind(account.Id, account.NormalizedUserName, JsonSerializer.Serialize(account, JsonSerializerOptions.Web));
        await command.ExecuteNonQueryAsync();
    }

    private static UserAccount Read(Npgsql.NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize<UserAccount>(reader.GetString(0), JsonSerializerOptions.Web)!;
}
