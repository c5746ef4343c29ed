using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PaperNotes.Server.Api;

namespace PaperNotes.Server.Library;

/// <summary>What a client's data for one object came to: how to compose what is stored, or what is wrong with it.</summary>
public sealed record PreparedWrite(ObjectWrite.Compose? Compose, IDictionary<string, string[]>? Errors)
{
    public static PreparedWrite Invalid(IDictionary<string, string[]> errors) => new(null, errors);

    public static PreparedWrite Invalid(string field, string error) => new(null, new Dictionary<string, string[]> { [field] = [error] });
}

/// <summary>
/// A kind of object clients write in a library (<c>item</c>, <c>annotation</c>; collections may add theirs). Each kind
/// validates its own keys and data; the store, the routes and the batch treat every kind alike.
/// </summary>
public interface ILibraryObjectKind
{
    /// <summary>The <c>kind</c> of its change-feed entries.</summary>
    string Name { get; }

    /// <summary>The canonical key, or null when <paramref name="key"/> is not a key of this kind.</summary>
    string? NormalizeKey(string key);

    /// <summary>What a key of this kind looks like, for error messages.</summary>
    string KeyRule { get; }

    /// <summary>Validates a batch operation's <c>data</c>.</summary>
    PreparedWrite Prepare(JsonElement data, string key, LibraryAccess access);
}

/// <summary>A kind whose routes bind a typed body (so the OpenAPI document shows it) and whose batch data is the same.</summary>
public abstract class LibraryObjectKind<TInput> : ILibraryObjectKind where TInput : class
{
    public abstract string Name { get; }

    public abstract string KeyRule { get; }

    public abstract string? NormalizeKey(string key);

    /// <summary>Validates <paramref name="input"/> (unknown fields were already dropped by deserialization).</summary>
    public abstract PreparedWrite Prepare(TInput input, string key, LibraryAccess access);

    public PreparedWrite Prepare(JsonElement data, string key, LibraryAccess access)
    {
        if (data.ValueKind != JsonValueKind.Object) return PreparedWrite.Invalid("data", $"A {Name} must be a JSON object.");
        try
        {
            return data.Deserialize<TInput>(JsonSerializerOptions.Web) is { } input
                ? Prepare(input, key, access)
                : PreparedWrite.Invalid("data", $"A {Name} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            return PreparedWrite.Invalid("data", ex.Message);
        }
    }
}

/// <summary>
/// The routes every kind shares: GET, PUT and DELETE of one object, with Zotero's version headers (SPEC §4).
/// </summary>
public static class ObjectEndpoints
{
    public const string IfUnmodifiedSinceVersion = "If-Unmodified-Since-Version";
    public const string IfModifiedSinceVersion = "If-Modified-Since-Version";

    /// <summary>
    /// GET, PUT and DELETE of one object of <typeparamref name="TKind"/> at <paramref name="pattern"/>, whose route
    /// parameter is <c>{key}</c> (or <c>{**key}</c> for keys with a slash, such as old-style arXiv ids).
    /// </summary>
    public static RouteGroupBuilder MapObjectRoutes<TKind, TInput>(this RouteGroupBuilder group, string pattern)
        where TKind : LibraryObjectKind<TInput> where TInput : class
    {
        group.MapGet(pattern, (LibraryAccess access, string key, TKind kind, ILibraryStore store, CancellationToken cancellationToken,
            [FromHeader(Name = IfModifiedSinceVersion)] long? ifModifiedSinceVersion) =>
            Get(kind, access, key, ifModifiedSinceVersion, store, cancellationToken));
        group.MapPut(pattern, (LibraryAccess access, string key, TInput input, TKind kind, ILibraryStore store,
            HttpContext http, [FromHeader(Name = IfUnmodifiedSinceVersion)] long? ifUnmodifiedSinceVersion) =>
            Put(kind, access, key, input, ifUnmodifiedSinceVersion, store, http));
        group.MapDelete(pattern, (LibraryAccess access, string key, TKind kind, ILibraryStore store,
            HttpContext http, [FromHeader(Name = IfUnmodifiedSinceVersion)] long? ifUnmodifiedSinceVersion) =>
            Delete(kind, access, key, ifUnmodifiedSinceVersion, store, http));
        return group;
    }

    public static async Task<Results<Ok<JsonElement>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        ILibraryObjectKind kind, LibraryAccess access, string rawKey, long? ifModifiedSinceVersion, ILibraryStore store,
        CancellationToken cancellationToken)
    {
        if (kind.NormalizeKey(Uri.UnescapeDataString(rawKey)) is not { } key) return Problems.Invalid("key", "The key must be " + kind.KeyRule + ".");
        var stored = await store.FindObjectAsync(access.Library.Id, kind.Name, key, cancellationToken);
        if (stored is not { Deleted: false, Data: { } data }) return Problems.NotFound($"This library has no {kind.Name} '{key}'.");
        if (stored.Version <= ifModifiedSinceVersion) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(data);
    }

    public static async Task<Results<Ok<JsonElement>, Created<JsonElement>, ProblemHttpResult>> Put<TInput>(
        LibraryObjectKind<TInput> kind, LibraryAccess access, string rawKey, TInput input, long? ifUnmodifiedSinceVersion,
        ILibraryStore store, HttpContext http) where TInput : class
    {
        if (kind.NormalizeKey(Uri.UnescapeDataString(rawKey)) is not { } key) return Problems.Invalid("key", "The key must be " + kind.KeyRule + ".");
        var prepared = kind.Prepare(input, key, access);
        if (prepared.Errors is not null) return Problems.Invalid(prepared.Errors);
        var result = await store.CommitAsync(access.Library.Id,
            [ObjectWrite.Upsert(kind.Name, key, ifUnmodifiedSinceVersion, prepared.Compose!)], http.RequestAborted);
        http.Response.Headers[LibraryAccess.VersionHeader] = result.Version.ToString();
        var outcome = result.Outcomes[0];
        return outcome.Status switch
        {
            WriteStatus.Created => TypedResults.Created(http.Request.Path, (JsonElement)outcome.Entry!.Data!),
            WriteStatus.Updated => TypedResults.Ok((JsonElement)outcome.Entry!.Data!),
            _ => ProblemFor(outcome, kind.Name, key, includeCurrent: true),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        ILibraryObjectKind kind, LibraryAccess access, string rawKey, long? ifUnmodifiedSinceVersion, ILibraryStore store, HttpContext http)
    {
        if (kind.NormalizeKey(Uri.UnescapeDataString(rawKey)) is not { } key) return Problems.Invalid("key", "The key must be " + kind.KeyRule + ".");
        var result = await store.CommitAsync(access.Library.Id,
            [ObjectWrite.Delete(kind.Name, key, ifUnmodifiedSinceVersion)], http.RequestAborted);
        http.Response.Headers[LibraryAccess.VersionHeader] = result.Version.ToString();
        var outcome = result.Outcomes[0];
        return outcome.Status is WriteStatus.Deleted or WriteStatus.AlreadyDeleted
            ? TypedResults.NoContent()
            : ProblemFor(outcome, kind.Name, key, includeCurrent: true);
    }

    /// <summary>The problem a refused write answers; the batch reports the same per operation.</summary>
    public static ProblemHttpResult ProblemFor(WriteOutcome outcome, string kind, string key, bool includeCurrent) => outcome.Status switch
    {
        WriteStatus.Stale => Problems.Of(StatusCodes.Status412PreconditionFailed, ProblemTypes.Stale,
            "The object changed since the version you sent",
            $"The {kind} '{key}' is at version {outcome.Entry!.Version}; merge with the current object and retry.",
            includeCurrent ? new Dictionary<string, object?> { ["current"] = outcome.Entry } : null),
        WriteStatus.PreconditionRequired => Problems.Of(StatusCodes.Status428PreconditionRequired,
            ProblemTypes.PreconditionRequired, "A version precondition is required",
            $"The {kind} '{key}' exists: send {IfUnmodifiedSinceVersion} with the version you last saw."),
        _ => Problems.NotFound($"This library has no {kind} '{key}'."),
    };

    /// <summary>The status code a successful write answers.</summary>
    public static int StatusFor(WriteStatus status) => status switch
    {
        WriteStatus.Created => StatusCodes.Status201Created,
        WriteStatus.Updated => StatusCodes.Status200OK,
        WriteStatus.Deleted or WriteStatus.AlreadyDeleted => StatusCodes.Status204NoContent,
        _ => 0,
    };
}
