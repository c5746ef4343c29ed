namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>A test of the PostgreSQL engine itself: it runs in the suite's PostgreSQL pass and is skipped in the LiteDB one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestEngine.IsPostgres) Skip = "PostgreSQL engine only (PAPERNOTES_TEST_ENGINE=postgres)";
    }
}
