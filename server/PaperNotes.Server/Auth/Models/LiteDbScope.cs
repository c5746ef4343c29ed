using System.Diagnostics;

namespace PaperNotes.Server.Auth.Models;

/// <summary>An OpenIddict scope stored in LiteDB.</summary>
[DebuggerDisplay("Id = {Id,nq} ; Name = {Name,nq}")]
public class LiteDbScope : ILiteDbEntity
{
    public virtual string Id { get; set; } = LiteDB.ObjectId.NewObjectId().ToString();
    public virtual string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();
    public virtual string? Description { get; set; }
    public virtual Dictionary<string, string> Descriptions { get; set; } = [];
    public virtual string? DisplayName { get; set; }
    public virtual Dictionary<string, string> DisplayNames { get; set; } = [];
    public virtual string? Name { get; set; }
    /// <summary>Additional properties, as a JSON object.</summary>
    public virtual string? Properties { get; set; }
    public virtual List<string> Resources { get; set; } = [];
}
