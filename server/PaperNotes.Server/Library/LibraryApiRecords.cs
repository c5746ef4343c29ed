using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace PaperNotes.Server.Library;

/// <summary><c>GET /api/me</c> (SPEC §4).</summary>
public sealed record MeResponse(string UserId, string Username, string PersonalLibraryId, IReadOnlyList<LibrarySummary> Libraries);

public sealed record LibrarySummary(string Id, string Kind, string Name, string Role, long Version);

/// <summary><c>POST /api/libraries/{lib}/batch</c>: up to 50 operations committed as one version.</summary>
public sealed record BatchRequest(IReadOnlyList<BatchOperation>? Operations);

/// <param name="Op"><c>put</c> or <c>delete</c>.</param>
/// <param name="Kind"><c>item</c> or <c>annotation</c>.</param>
/// <param name="Data">The body a PUT of this object would send.</param>
public sealed record BatchOperation(string? Op, string? Kind, string? Key, long? IfUnmodifiedSinceVersion, JsonElement? Data);

/// <param name="Version">The library version after the commit (unchanged when nothing was written).</param>
public sealed record BatchResponse(long Version, IReadOnlyList<BatchResult> Results);

/// <summary>
/// One operation's answer: <see cref="Status"/> is what the single route would have answered (200, 201, 204, 404,
/// 412 with <see cref="Current"/>, 422, 428); <see cref="Problem"/> explains every refusal.
/// </summary>
public sealed record BatchResult(
    int Index,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChangeEntry? Current = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProblemDetails? Problem = null);
