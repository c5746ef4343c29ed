using System.Security.Claims;

namespace PaperNotes.Server.Auth;

/// <summary>Who is calling, read from the validated token's claims.</summary>
public static class Caller
{
    /// <summary>The caller's stable user id (the token's <c>sub</c>).</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("The principal has no subject.");

    /// <summary>The caller's username (the token's <c>name</c>), falling back to the subject.</summary>
    public static string Username(this ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.FindFirstValue("preferred_username") ?? user.UserId();
}
