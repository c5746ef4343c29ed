using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Api;

/// <summary>A POST's <c>Idempotency-Key</c>, scoped to its caller, with a fingerprint of what was asked.</summary>
public sealed record IdempotencyKey(string UserId, string Key, string Fingerprint)
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The request's key (null when it sent none, or an error when the key is unusable). The fingerprint covers the
    /// route and the parsed body, so a retry that differs only in fields the server ignores still counts as the same.
    /// </summary>
    public static (IdempotencyKey? Key, string? Error) From(HttpRequest request, string userId, object body)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return (null, null);
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > 255 || key.Any(char.IsControl))
            return (null, "Idempotency-Key must be one value of 1 to 255 printable characters.");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var route = Encoding.UTF8.GetBytes(request.Method + " " + request.Path + "\n");
        return (new IdempotencyKey(userId, key, Convert.ToHexString(SHA256.HashData([.. route, .. bytes]))), null);
    }
}

/// <summary>What running a write under an idempotency key came to.</summary>
public abstract record Idempotent<T>
{
    /// <summary>First time: the write ran; <see cref="Value"/> is its result.</summary>
    public sealed record Fresh(T Value) : Idempotent<T>;

    /// <summary>A retry: nothing ran; <see cref="Value"/> is the first response.</summary>
    public sealed record Replayed(T Value) : Idempotent<T>;

    /// <summary>The key was used within the window for a different request.</summary>
    public sealed record KeyReused : Idempotent<T>;
}

/// <summary>
/// Remembers each keyed POST's response durably, in the same commit as its write, so a retry after a lost response
/// (or a crash after the commit) answers the first response and writes nothing.
/// </summary>
public sealed class IdempotencyStore(IIdempotencyRecords records, IOptions<ApiOptions> options, TimeProvider time)
{
    /// <summary>Response header of a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Runs <paramref name="write"/> once per key; call it inside <see cref="IDurableWriter.WriteAsync{T}"/>.</summary>
    public async Task<Idempotent<T>> OnceAsync<T>(WriteContext context, IdempotencyKey? key, Func<Task<T>> write)
    {
        if (key is null) return new Idempotent<T>.Fresh(await write());
        var id = RecordId(key);
        var now = time.GetUtcNow();
        var prior = await records.FindAsync(context, id);
        if (prior is not null && prior.CreatedAt > now - options.Value.IdempotencyWindow)
        {
            return prior.Fingerprint == key.Fingerprint
                ? new Idempotent<T>.Replayed(JsonSerializer.Deserialize<T>(prior.Response, JsonSerializerOptions.Web)!)
                : new Idempotent<T>.KeyReused();
        }
        var value = await write();
        await records.SaveAsync(context,
            new IdempotencyRecord(id, key.Fingerprint, JsonSerializer.Serialize(value, JsonSerializerOptions.Web), now),
            replacing: prior is not null);
        return new Idempotent<T>.Fresh(value);
    }

    /// <summary>
    /// How a keyed POST answers what <see cref="OnceAsync{T}"/> came to: the first response (marked
    /// <c>Idempotent-Replayed: true</c> when replayed), or a 422 problem when the key was used for another request.
    /// </summary>
    public bool TryAnswer<T>(Idempotent<T> outcome, HttpResponse response, [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        switch (outcome)
        {
            case Idempotent<T>.Fresh(var fresh) when fresh is not null:
                (value, problem) = (fresh, null);
                return true;
            case Idempotent<T>.Replayed(var replayed) when replayed is not null:
                response.Headers[ReplayedHeader] = "true";
                (value, problem) = (replayed, null);
                return true;
            default:
                (value, problem) = (default, Problems.Of(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different request",
                    $"Within {Describe(options.Value.IdempotencyWindow)} a key may only be retried with the same body; use a new key for a new request."));
                return false;
        }
    }

    /// <summary>Forgets responses older than the window; answers how many.</summary>
    public Task<int> PruneAsync(WriteContext context) =>
        records.PruneAsync(context, time.GetUtcNow() - options.Value.IdempotencyWindow);

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? Plural((long)window.TotalHours, "hour")
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? Plural((long)window.TotalMinutes, "minute")
        : Plural((long)Math.Ceiling(window.TotalSeconds), "second");

    private static string Plural(long count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";

    // Hashed so that any key the client picks makes a short, case-exact id (LiteDB compares strings ignoring case).
    private static string RecordId(IdempotencyKey key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.UserId + "\n" + key.Key)));
}
