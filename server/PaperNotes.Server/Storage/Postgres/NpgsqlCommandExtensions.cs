using Npgsql;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>The few ways the PostgreSQL stores run a statement.</summary>
public static class NpgsqlCommandExtensions
{
    /// <summary>Adds positional parameters <c>$1</c>, <c>$2</c>, … in order; null becomes SQL NULL.</summary>
    public static NpgsqlCommand Bind(this NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>The first row read by <paramref name="read"/>, or null when there is none.</summary>
    public static async Task<T?> ReadOneAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default) where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
    }

    /// <summary>Every row, each read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken = default)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
