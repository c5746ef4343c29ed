using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PaperNotes.Server.Api;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>
/// <c>POST /api/libraries/{lib}/batch</c>, how the offline queue is replayed: every valid operation whose precondition
/// holds commits in one version; the others are answered one by one. With an <c>Idempotency-Key</c> the response is
/// stored in the same commit, so a retry answers it again and writes nothing.
/// </summary>
internal static class BatchEndpoint
{
    public sealed record Services(ILibraryStore Store, IDurableWriter Writer, IdempotencyStore Idempotency,
        IEnumerable<ILibraryObjectKind> Kinds);

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> Run(
        LibraryAccess access, BatchRequest request, [AsParameters] Services services, HttpContext http)
    {
        var operations = request.Operations ?? [];
        if (operations.Count is 0 or > LibraryApi.MaxBatchOperations)
            return Problems.Invalid("operations", $"Send 1 to {LibraryApi.MaxBatchOperations} operations.");
        var (idempotencyKey, keyError) = IdempotencyKey.From(http.Request, access.UserId, request);
        if (keyError is not null) return Problems.Invalid(IdempotencyKey.Header, keyError);

        var kinds = services.Kinds.ToDictionary(k => k.Name);
        var refused = new Dictionary<int, BatchResult>();
        var writes = new List<(int Index, ObjectWrite Write)>();
        for (var i = 0; i < operations.Count; i++)
        {
            var (write, problem) = Prepare(operations[i], kinds, access);
            if (write is null) refused[i] = new BatchResult(i, problem!.StatusCode, Problem: Flatten(problem.ProblemDetails));
            else writes.Add((i, write));
        }

        var outcome = await services.Writer.WriteAsync(context => services.Idempotency.OnceAsync(context, idempotencyKey, async () =>
        {
            var commit = await services.Store.CommitAsync(context, access.Library.Id, [.. writes.Select(w => w.Write)]);
            var results = new List<BatchResult>(refused.Values);
            for (var w = 0; w < writes.Count; w++)
            {
                var (index, write) = writes[w];
                var result = commit.Outcomes[w];
                var status = ObjectEndpoints.StatusFor(result.Status);
                results.Add(status != 0
                    ? new BatchResult(index, status, Version: result.Status == WriteStatus.AlreadyDeleted ? null : result.Entry?.Version)
                    : ProblemResult(index, ObjectEndpoints.ProblemFor(result, write.Kind, write.Key, includeCurrent: false), result));
            }
            return new BatchResponse(commit.Version, [.. results.OrderBy(r => r.Index)]);
        }), http.RequestAborted);

        if (!services.Idempotency.TryAnswer(outcome, http.Response, out var response, out var reused)) return reused;
        http.Response.Headers[LibraryAccess.VersionHeader] = response.Version.ToString();
        return TypedResults.Ok(response);
    }

    private static BatchResult ProblemResult(int index, ProblemHttpResult problem, WriteOutcome outcome) =>
        new(index, problem.StatusCode, Current: outcome.Status == WriteStatus.Stale ? outcome.Entry : null,
            Problem: Flatten(problem.ProblemDetails));

    /// <summary>Keeps a validation problem's <c>errors</c> when it is serialized as a plain problem.</summary>
    private static ProblemDetails Flatten(ProblemDetails problem)
    {
        if (problem is HttpValidationProblemDetails validation) problem.Extensions["errors"] = validation.Errors;
        return new ProblemDetails
        {
            Status = problem.Status, Type = problem.Type, Title = problem.Title, Detail = problem.Detail,
            Extensions = problem.Extensions,
        };
    }

    private static (ObjectWrite? Write, ProblemHttpResult? Problem) Prepare(
        BatchOperation operation, Dictionary<string, ILibraryObjectKind> kinds, LibraryAccess access)
    {
        if (operation.Op is not ("put" or "delete")) return (null, Problems.Invalid("op", "op must be put or delete."));
        if (operation.Kind is null || !kinds.TryGetValue(operation.Kind, out var kind))
            return (null, Problems.Invalid("kind", "kind must be one of " + string.Join(", ", kinds.Keys) + "."));
        if (kind.NormalizeKey(operation.Key ?? "") is not { } key)
            return (null, Problems.Invalid("key", "The key must be " + kind.KeyRule + "."));
        if (operation.IfUnmodifiedSinceVersion < 0)
            return (null, Problems.Invalid("ifUnmodifiedSinceVersion", "A version is 0 or more."));
        if (operation.Op == "delete") return (ObjectWrite.Delete(kind.Name, key, operation.IfUnmodifiedSinceVersion), null);
        if (operation.Data is not { } data) return (null, Problems.Invalid("data", "A put needs data."));
        var prepared = kind.Prepare(data, key, access);
        return prepared.Errors is not null
            ? (null, Problems.Invalid(prepared.Errors))
            : (ObjectWrite.Upsert(kind.Name, key, operation.IfUnmodifiedSinceVersion, prepared.Compose!), null);
    }
}
