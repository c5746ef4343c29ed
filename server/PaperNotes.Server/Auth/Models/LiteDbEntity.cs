namespace PaperNotes.Server.Auth.Models;

/// <summary>What every OpenIddict entity stored in LiteDB has: an id and an optimistic-concurrency token.</summary>
public interface ILiteDbEntity
{
    /// <summary>The document id (<c>_id</c>), an ObjectId in its string form.</summary>
    string Id { get; set; }

    /// <summary>Changes on every update; an update or delete that saw an older value fails.</summary>
    string? ConcurrencyToken { get; set; }
}
