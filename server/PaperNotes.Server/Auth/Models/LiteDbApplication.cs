using System.Diagnostics;

namespace PaperNotes.Server.Auth.Models;

/// <summary>An OpenIddict application (client) stored in LiteDB.</summary>
[DebuggerDisplay("Id = {Id,nq} ; ClientId = {ClientId,nq} ; ClientType = {ClientType,nq}")]
public class LiteDbApplication : ILiteDbEntity
{
    public virtual string Id { get; set; } = LiteDB.ObjectId.NewObjectId().ToString();
    public virtual string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();
    public virtual string? ApplicationType { get; set; }
    public virtual string? ClientId { get; set; }
    public virtual string? ClientSecret { get; set; }
    public virtual string? ClientType { get; set; }
    public virtual string? ConsentType { get; set; }
    public virtual string? DisplayName { get; set; }
    /// <summary>Localized display names keyed by culture name.</summary>
    public virtual Dictionary<string, string> DisplayNames { get; set; } = [];
    /// <summary>The client's JSON Web Key Set, as JSON.</summary>
    public virtual string? JsonWebKeySet { get; set; }
    public virtual List<string> Permissions { get; set; } = [];
    public virtual List<string> PostLogoutRedirectUris { get; set; } = [];
    /// <summary>Additional properties, as a JSON object.</summary>
    public virtual string? Properties { get; set; }
    public virtual List<string> RedirectUris { get; set; } = [];
    public virtual List<string> Requirements { get; set; } = [];
    public virtual Dictionary<string, string> Settings { get; set; } = [];
}
