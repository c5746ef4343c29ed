using Microsoft.EntityFrameworkCore;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Tests.Storage;

public sealed class PostgresSchemaScriptTests
{
    /// <summary>
    /// The sign-in tables come from a committed script, not from EF at run time; an upgrade of OpenIddict or EF Core
    /// that changes the model must come with a new numbered script, and this says so.
    /// </summary>
    [Fact]
    public void SignInScriptIsTheEntityFrameworkModelsDdl()
    {
        using var context = new SignInDbContext(new DbContextOptionsBuilder<SignInDbContext>().UseNpgsql("Host=unused").Options);
        var generated = Normalize(context.Database.GenerateCreateScript());
        if (Environment.GetEnvironmentVariable("PAPERNOTES_WRITE_SIGN_IN_SCRIPT") is { } path) File.WriteAllText(path, generated);
        var committed = PostgresSchema.Scripts().Single(s => s.Name == "002_sign_in").Sql;
        Assert.Equal(generated, Normalize(committed[committed.IndexOf("CREATE", StringComparison.Ordinal)..]));
    }

    [Fact]
    public void ScriptsAreNumberedWithoutGaps()
    {
        var numbers = PostgresSchema.Scripts().Select(s => s.Number).ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim() + "\n";
}
