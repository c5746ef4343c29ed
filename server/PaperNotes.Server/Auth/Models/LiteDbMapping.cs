using LiteDB;
using PaperNotes.Server.Auth.Accounts;

namespace PaperNotes.Server.Auth.Models;

/// <summary>
/// Builds LiteDB's mappings of the sign-in entities once, on one thread. LiteDB 5 publishes an entity mapper before
/// filling in its members, so two threads mapping a type for the first time can see "Member X not found".
/// </summary>
internal static class LiteDbMapping
{
    private static readonly bool Built = Build();

    /// <summary>Call before touching an entity type through LiteDB; free after the first call.</summary>
    public static void EnsureBuilt() => _ = Built;

    private static bool Build()
    {
        var mapper = BsonMapper.Global;
        mapper.ToDocument(new LiteDbApplication());
        mapper.ToDocument(new LiteDbAuthorization());
        mapper.ToDocument(new LiteDbScope());
        mapper.ToDocument(new LiteDbToken());
        mapper.ToDocument(new UserAccount());
        return true;
    }
}
