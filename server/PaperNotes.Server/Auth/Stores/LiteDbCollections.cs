namespace PaperNotes.Server.Auth.Stores;

/// <summary>Names of the OpenIddict collections in the shared LiteDB file.</summary>
public static class LiteDbCollections
{
    public const string Applications = "openiddict_applications";
    public const string Authorizations = "openiddict_authorizations";
    public const string Scopes = "openiddict_scopes";
    public const string Tokens = "openiddict_tokens";
}
