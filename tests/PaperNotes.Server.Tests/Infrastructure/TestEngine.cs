namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// Which storage engine the suite runs on: <c>PAPERNOTES_TEST_ENGINE=postgres</c> runs every test on a throwaway
/// PostgreSQL (<see cref="PostgresCluster"/>); anything else, or nothing, on LiteDB. scripts/test.sh runs both.
/// </summary>
public static class TestEngine
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("PAPERNOTES_TEST_ENGINE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings that point an application whose data belongs to <paramref name="owner"/> at the engine.</summary>
    public static IEnumerable<KeyValuePair<string, string>> SettingsFor(string owner)
    {
        if (!IsPostgres) yield break;
        var cluster = PostgresCluster.Shared;
        yield return new("Storage:Provider", "postgres");
        yield return new("ConnectionStrings:Postgres", cluster.ConnectionString(cluster.DatabaseFor(owner)));
    }
}
