using Npgsql;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>
/// Creates and migrates the schema before anything else starts: the numbered scripts in <c>Migrations/</c> that
/// <c>schema_migrations</c> does not list yet run in order, each in its own transaction, all under one advisory lock,
/// so two processes starting together on an empty database apply each script once and both come up.
/// </summary>
internal sealed class PostgresSchema(PostgresDatabase database, ILogger<PostgresSchema> logger) : IStoreSchema
{
    /// <summary>The advisory lock key, an arbitrary constant that no other part of the app uses.</summary>
    private const long MigrationLock = 0x5061_7065_724e_6f74; // "PaperNot"

    private const string ResourcePrefix = "PaperNotes.Server.Storage.Postgres.Migrations.";

    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    public Task PrepareAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The scripts in order, as (number, name, SQL).</summary>
    public static IReadOnlyList<(int Number, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[ResourcePrefix.Length..^".sql".Length];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (Number: int.Parse(name[..name.IndexOf('_')]), Name: name, Sql: reader.ReadToEnd());
            })
            .OrderBy(s => s.Number)];
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT number FROM schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));

            foreach (var (number, name, sql) in Scripts().Where(s => !applied.Contains(s.Number)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var script = new NpgsqlCommand(sql, connection, transaction))
                    await script.ExecuteNonQueryAsync(cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (number, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new() { Value = number });
                    record.Parameters.Add(new() { Value = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied schema migration {Name}", name);
            }
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
