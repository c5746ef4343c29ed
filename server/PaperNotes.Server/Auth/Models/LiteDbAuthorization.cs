using System.Diagnostics;

namespace PaperNotes.Server.Auth.Models;

/// <summary>An OpenIddict authorization stored in LiteDB. For us an ad-hoc authorization is one signed-in device.</summary>
[DebuggerDisplay("Id = {Id,nq} ; Subject = {Subject,nq} ; Type = {Type,nq} ; Status = {Status,nq}")]
public class LiteDbAuthorization : ILiteDbEntity
{
    public virtual string Id { get; set; } = LiteDB.ObjectId.NewObjectId().ToString();
    public virtual string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();
    public virtual string? ApplicationId { get; set; }
    public virtual DateTime? CreationDate { get; set; }
    /// <summary>Additional properties, as a JSON object.</summary>
    public virtual string? Properties { get; set; }
    public virtual List<string> Scopes { get; set; } = [];
    public virtual string? Status { get; set; }
    public virtual string? Subject { get; set; }
    public virtual string? Type { get; set; }
}
