using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Library;

/// <summary>
/// <see cref="ILibraryStore"/> on PostgreSQL in plain SQL (the hot paths are a handful of statements each): tables
/// <c>libraries</c>, <c>members</c> and <c>objects</c> keyed (library, kind, key) with the feed index (library, version).
/// A commit raises the library's version with <c>UPDATE … RETURNING</c> inside the write's transaction, so the row
/// lock makes versions of one library strictly increasing with no gaps, whichever process commits.
/// </summary>
public sealed class PostgresLibraryStore(
    PostgresDatabase database, IDurableWriter writer, ILibraryChangePublisher publisher, LibraryCommitOrder order,
    TimeProvider clock) : ILibraryStore
{
    private const string LibraryColumns = "id, kind, name, description, owner_id, version, oldest_version, number";
    private const string ObjectColumns = "kind, key, version, deleted, data";

    public async Task<LibraryRecord?> FindAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {LibraryColumns} FROM libraries WHERE id = $1");
        command.Parameters.Add(new() { Value = libraryId });
        return await command.ReadOneAsync(ReadLibrary, cancellationToken);
    }

    public async Task<string?> RoleOfAsync(string libraryId, string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT role FROM members WHERE library_id = $1 AND user_id = $2");
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = userId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<(LibraryRecord Library, string Role)>> LibrariesOfAsync(string userId,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {string.Join(", ", LibraryColumns.Split(", ").Select(c => "l." + c))}, m.role
            FROM members m JOIN libraries l ON l.id = m.library_id WHERE m.user_id = $1
            """);
        command.Parameters.Add(new() { Value = userId });
        var libraries = await command.ReadAllAsync(r => (Library: ReadLibrary(r), Role: r.GetString(8)), cancellationToken);
        // Ordered here, as on the embedded engine, rather than by the database's collation.
        return [.. libraries.OrderBy(m => m.Library.Kind == LibraryKinds.Personal ? 0 : 1)
            .ThenBy(m => m.Library.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<string?> PersonalLibraryIdOfAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id FROM libraries WHERE personal_of = $1");
        command.Parameters.Add(new() { Value = userId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<LibraryMember>> MembersOfAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT user_id, username, role FROM members WHERE library_id = $1");
        command.Parameters.Add(new() { Value = libraryId });
        return await command.ReadAllAsync(r => new LibraryMember(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);
    }

    public async Task<StoredObject?> FindObjectAsync(string libraryId, string kind, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {ObjectColumns} FROM objects WHERE library_id = $1 AND kind = $2 AND key = $3");
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = key });
        return await command.ReadOneAsync(ReadObject, cancellationToken);
    }

    public Task<ChangePage> ChangesAsync(LibraryRecord library, long since, int limit, CancellationToken cancellationToken = default) =>
        LibraryCommits.PageAsync(library, since, limit, async (from, to, count) =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.Command($"""
                SELECT {ObjectColumns} FROM objects
                WHERE library_id = $1 AND version BETWEEN $2 AND $3 ORDER BY version LIMIT $4
                """);
            command.Parameters.Add(new() { Value = library.Id });
            command.Parameters.Add(new() { Value = from });
            command.Parameters.Add(new() { Value = to });
            command.Parameters.Add(new() { Value = (long)count });
            return [.. (await command.ReadAllAsync(ReadObject, cancellationToken)).Select(o => o.ToEntry())];
        });

    public async Task<LibraryRecord> CreateLibraryAsync(WriteContext context, string kind, string name, string description,
        string ownerId, string ownerUsername)
    {
        await using var command = Pg(context).Command($"""
            INSERT INTO libraries (id, kind, name, description, owner_id, personal_of) VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING {LibraryColumns}
            """);
        command.Parameters.Add(new() { Value = Guid.NewGuid().ToString("N") });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = description });
        command.Parameters.Add(new() { Value = ownerId });
        command.Parameters.Add(new() { Value = kind == LibraryKinds.Personal ? ownerId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var library = (await command.ReadOneAsync(ReadLibrary, CancellationToken.None))!;
        await SetMemberAsync(context, library.Id, ownerId, ownerUsername, LibraryRoles.Owner);
        return library;
    }

    public async Task SetMemberAsync(WriteContext context, string libraryId, string userId, string username, string role)
    {
        await order.EnterAsync(Pg(context), libraryId);
        await using var command = Pg(context).Command("""
            INSERT INTO members (library_id, user_id, username, role) VALUES ($1, $2, $3, $4)
            ON CONFLICT (library_id, user_id) DO UPDATE SET username = EXCLUDED.username, role = EXCLUDED.role
            """);
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = username });
        command.Parameters.Add(new() { Value = role });
        await command.ExecuteNonQueryAsync();
        context.AfterCommit(() => publisher.LibrariesChanged(userId));
    }

    public async Task<bool> RemoveMemberAsync(WriteContext context, string libraryId, string userId)
    {
        await order.EnterAsync(Pg(context), libraryId);
        await using var command = Pg(context).Command("DELETE FROM members WHERE library_id = $1 AND user_id = $2");
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = userId });
        var removed = await command.ExecuteNonQueryAsync() > 0;
        if (removed) context.AfterCommit(() => publisher.LibrariesChanged(userId));
        return removed;
    }

    public async Task DescribeAsync(WriteContext context, string libraryId, string name, string description)
    {
        await order.EnterAsync(Pg(context), libraryId);
        await using var command = Pg(context).Command("UPDATE libraries SET name = $2, description = $3 WHERE id = $1");
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = description });
        await command.ExecuteNonQueryAsync();
    }

    public async Task DeleteLibraryAsync(WriteContext context, string libraryId)
    {
        await order.EnterAsync(Pg(context), libraryId);
        // Objects, members and public links go with the library (ON DELETE CASCADE); members hear of it.
        await using var members = Pg(context).Command("DELETE FROM members WHERE library_id = $1 RETURNING user_id");
        members.Parameters.Add(new() { Value = libraryId });
        foreach (var userId in await members.ReadAllAsync(r => r.GetString(0), CancellationToken.None))
            context.AfterCommit(() => publisher.LibrariesChanged(userId));
        await using var library = Pg(context).Command("DELETE FROM libraries WHERE id = $1");
        library.Parameters.Add(new() { Value = libraryId });
        await library.ExecuteNonQueryAsync();
    }

    public Task<CommitResult> CommitAsync(string libraryId, IReadOnlyList<ObjectWrite> writes, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(context => CommitAsync(context, libraryId, writes), cancellationToken);

    public async Task<CommitResult> CommitAsync(WriteContext context, string libraryId, IReadOnlyList<ObjectWrite> writes)
    {
        var pg = Pg(context);
        // The process's gate first (so pushes leave in version order), then the row lock that orders versions everywhere.
        await order.EnterAsync(pg, libraryId);
        await using var bump = pg.Command($"UPDATE libraries SET version = version + 1 WHERE id = $1 RETURNING {LibraryColumns}");
        bump.Parameters.Add(new() { Value = libraryId });
        var library = await bump.ReadOneAsync(ReadLibrary, CancellationToken.None);
        if (library is null) return new CommitResult(0, [.. writes.Select(_ => new WriteOutcome(WriteStatus.NotFound, null))]);

        var version = library.Version;
        var now = clock.GetUtcNow().UtcDateTime;
        var current = await CurrentObjectsAsync(pg, libraryId, writes);
        var (outcomes, changed) = LibraryCommits.Apply(writes, current, version, now);
        if (changed.Count == 0)
        {
            // Nothing to stamp: give the number back (the row is still locked by this transaction).
            await using var undo = pg.Command("UPDATE libraries SET version = version - 1 WHERE id = $1");
            undo.Parameters.Add(new() { Value = libraryId });
            await undo.ExecuteNonQueryAsync();
            return new CommitResult(version - 1, outcomes);
        }

        await using var upsert = pg.Command("""
            INSERT INTO objects (library_id, kind, key, version, deleted, deleted_at, data)
            SELECT $1, t.kind, t.key, $2, t.deleted, CASE WHEN t.deleted THEN $3 END, t.data
            FROM unnest($4::text[], $5::text[], $6::boolean[], $7::json[]) AS t(kind, key, deleted, data)
            ON CONFLICT (library_id, kind, key) DO UPDATE
            SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, deleted_at = EXCLUDED.deleted_at, data = EXCLUDED.data
            """);
        upsert.Parameters.Add(new() { Value = libraryId });
        upsert.Parameters.Add(new() { Value = version });
        upsert.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        upsert.Parameters.Add(new() { Value = changed.Select(o => o.Kind).ToArray() });
        upsert.Parameters.Add(new() { Value = changed.Select(o => o.Key).ToArray() });
        upsert.Parameters.Add(new() { Value = changed.Select(o => o.Deleted).ToArray() });
        upsert.Parameters.Add(new()
        {
            Value = changed.Select(o => o.Data?.GetRawText()).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json,
        });
        await upsert.ExecuteNonQueryAsync();

        var change = new LibraryChanged(libraryId, version - 1, version, [.. changed.Select(o => o.ToEntry())]);
        context.AfterCommit(() => publisher.Published(change));
        return new CommitResult(version, outcomes);
    }

    public async Task<int> PruneTombstonesAsync(WriteContext context, DateTime cutoff, int max)
    {
        await using var command = Pg(context).Command("""
            WITH expired AS (
                SELECT library_id, kind, key FROM objects WHERE deleted AND deleted_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED),
            gone AS (
                DELETE FROM objects o USING expired e
                WHERE o.library_id = e.library_id AND o.kind = e.kind AND o.key = e.key
                RETURNING o.library_id, o.version),
            floors AS (SELECT library_id, max(version) AS version FROM gone GROUP BY library_id),
            raised AS (
                UPDATE libraries l SET oldest_version = f.version FROM floors f
                WHERE l.id = f.library_id AND l.oldest_version < f.version)
            SELECT count(*) FROM gone
            """);
        command.Parameters.Add(new() { Value = cutoff, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (long)max });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<(string Kind, string Key), StoredObject>> CurrentObjectsAsync(
        PostgresWriteContext context, string libraryId, IReadOnlyList<ObjectWrite> writes)
    {
        await using var command = context.Command($"""
            SELECT {ObjectColumns} FROM objects o
            JOIN unnest($2::text[], $3::text[]) AS w(kind, key) USING (kind, key)
            WHERE o.library_id = $1
            """);
        command.Parameters.Add(new() { Value = libraryId });
        command.Parameters.Add(new() { Value = writes.Select(w => w.Kind).ToArray() });
        command.Parameters.Add(new() { Value = writes.Select(w => w.Key).ToArray() });
        var found = await command.ReadAllAsync(ReadObject, CancellationToken.None);
        return found.DistinctBy(o => (o.Kind, o.Key)).ToDictionary(o => (o.Kind, o.Key));
    }

    private static PostgresWriteContext Pg(WriteContext context) => (PostgresWriteContext)context;

    private static LibraryRecord ReadLibrary(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));

    private static StoredObject ReadObject(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetBoolean(3),
        r.IsDBNull(4) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(4)));
}
