using System.Diagnostics;

namespace PaperNotes.Server.Auth.Models;

/// <summary>
/// An OpenIddict token entry stored in LiteDB. Access tokens are reference tokens: <see cref="Payload"/> holds the token
/// itself and the client only the <see cref="ReferenceId"/> handle.
/// </summary>
[DebuggerDisplay("Id = {Id,nq} ; Subject = {Subject,nq} ; Type = {Type,nq} ; Status = {Status,nq}")]
public class LiteDbToken : ILiteDbEntity
{
    public virtual string Id { get; set; } = LiteDB.ObjectId.NewObjectId().ToString();
    public virtual string? ConcurrencyToken { get; set; } = Guid.NewGuid().ToString();
    public virtual string? ApplicationId { get; set; }
    public virtual string? AuthorizationId { get; set; }
    public virtual DateTime? CreationDate { get; set; }
    public virtual DateTime? ExpirationDate { get; set; }
    public virtual string? Payload { get; set; }
    /// <summary>Additional properties, as a JSON object.</summary>
    public virtual string? Properties { get; set; }
    public virtual DateTime? RedemptionDate { get; set; }
    public virtual string? ReferenceId { get; set; }
    public virtual string? Status { get; set; }
    public virtual string? Subject { get; set; }
    public virtual string? Type { get; set; }
}
