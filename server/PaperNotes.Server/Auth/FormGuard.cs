using PaperNotes.Server.Api;

namespace PaperNotes.Server.Auth;

/// <summary>
/// The account forms and OpenIddict's endpoints read form bodies; a form no browser sends (a value over the 4 MB form
/// limit, control characters such as NUL) is refused here with a 400 before anything parses it again.
/// </summary>
internal static class FormGuard
{
    public static IApplicationBuilder UseFormGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.HasFormContentType
            && (context.Request.Path.StartsWithSegments("/account") || context.Request.Path.StartsWithSegments("/connect")))
        {
            string? problem;
            try
            {
                // Read once here; the framework keeps the parsed form for every later reader.
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                problem = form.Any(field => HasControlCharacters(field.Key) || field.Value.Any(HasControlCharacters))
                    ? "A form field holds control characters."
                    : null;
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                problem = ex.Message;
            }
            if (problem is not null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await ApiExtensions.WriteProblemAsync(context, StatusCodes.Status400BadRequest,
                    ProblemTypes.ForStatus(StatusCodes.Status400BadRequest), "The form could not be read", problem);
                return;
            }
        }
        await next(context);
    });

    /// <summary>Form fields are single-line except a textarea's line breaks and tabs; nothing else below a space.</summary>
    private static bool HasControlCharacters(string? value) =>
        value is not null && value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
}
