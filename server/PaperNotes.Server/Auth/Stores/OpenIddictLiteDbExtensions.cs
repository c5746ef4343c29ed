using PaperNotes.Server.Auth.Models;

namespace PaperNotes.Server.Auth.Stores;

public static class OpenIddictLiteDbExtensions
{
    /// <summary>
    /// OpenIddict's applications, authorizations, scopes and tokens in the app's LiteDB file. Additional filtering stays
    /// on: LiteDB compares strings ignoring case, so OpenIddict's managers re-check every match exactly.
    /// </summary>
    public static OpenIddictCoreBuilder UseLiteDb(this OpenIddictCoreBuilder builder)
    {
        // The stores hold only singletons (the database and the writer), so one instance serves every request.
        return builder
            .SetDefaultApplicationEntity<LiteDbApplication>()
            .SetDefaultAuthorizationEntity<LiteDbAuthorization>()
            .SetDefaultScopeEntity<LiteDbScope>()
            .SetDefaultTokenEntity<LiteDbToken>()
            .ReplaceApplicationStore<LiteDbApplication, LiteDbApplicationStore<LiteDbApplication>>(ServiceLifetime.Singleton)
            .ReplaceAuthorizationStore<LiteDbAuthorization, LiteDbAuthorizationStore<LiteDbAuthorization>>(ServiceLifetime.Singleton)
            .ReplaceScopeStore<LiteDbScope, LiteDbScopeStore<LiteDbScope>>(ServiceLifetime.Singleton)
            .ReplaceTokenStore<LiteDbToken, LiteDbTokenStore<LiteDbToken>>(ServiceLifetime.Singleton);
    }

    /// <summary>Indexes for the lookups OpenIddict makes on every request. Runs through the writer at start.</summary>
    internal static void EnsureIndexes(LiteDB.ILiteDatabase database)
    {
        LiteDbMapping.EnsureBuilt();
        database.GetCollection<LiteDbApplication>(LiteDbCollections.Applications).EnsureIndex(a => a.ClientId, unique: true);
        database.GetCollection<LiteDbScope>(LiteDbCollections.Scopes).EnsureIndex(s => s.Name, unique: true);
        var authorizations = database.GetCollection<LiteDbAuthorization>(LiteDbCollections.Authorizations);
        authorizations.EnsureIndex(a => a.Subject);
        authorizations.EnsureIndex(a => a.ApplicationId);
        authorizations.EnsureIndex(a => a.CreationDate);
        var tokens = database.GetCollection<LiteDbToken>(LiteDbCollections.Tokens);
        tokens.EnsureIndex(t => t.AuthorizationId);
        tokens.EnsureIndex(t => t.Subject);
        tokens.EnsureIndex(t => t.ReferenceId);
        tokens.EnsureIndex(t => t.ApplicationId);
        tokens.EnsureIndex(t => t.CreationDate);
    }
}
