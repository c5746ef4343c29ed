using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace PaperNotes.Server.Api;

/// <summary>
/// A failure found before a handler runs (while binding its parameters), answered as the problem it names.
/// </summary>
public sealed class ProblemException(int status, string type, string title, string? detail = null) : Exception(title)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Detail { get; } = detail;
}

/// <summary>
/// Answers input the framework could not bind (malformed JSON, a body over the limit, a wrong content type, a query
/// value of the wrong type) and <see cref="ProblemException"/>s with their own problem types, so clients can tell them
/// apart and nothing is logged as a crash.
/// </summary>
internal sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted) return false;
        var (status, type, title, detail) = exception switch
        {
            ProblemException p => (p.Status, p.Type, p.Message, p.Detail),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad =>
                (bad.StatusCode, ProblemTypes.BodyTooLarge, "The request body is too large", bad.Message),
            BadHttpRequestException { InnerException: JsonException json } bad =>
                (bad.StatusCode, ProblemTypes.MalformedJson, "The body is not valid JSON for this request", json.Message),
            BadHttpRequestException bad =>
                (bad.StatusCode, ProblemTypes.ForStatus(bad.StatusCode), "The request could not be read", bad.Message),
            _ => (0, "", "", null),
        };
        if (status == 0) return false;
        context.Response.StatusCode = status;
        await ApiExtensions.WriteProblemAsync(context, status, type, title, detail);
        return true;
    }
}
