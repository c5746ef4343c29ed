namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>A test of the LiteDB engine itself (its writer thread, its file): skipped in the suite's PostgreSQL pass.</summary>
public sealed class LiteDbFactAttribute : FactAttribute
{
    public LiteDbFactAttribute()
    {
        if (TestEngine.IsPostgres) Skip = "LiteDB engine only (runs when PAPERNOTES_TEST_ENGINE is not postgres)";
    }
}
