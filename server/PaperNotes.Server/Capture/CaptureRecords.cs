using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary><c>POST /api/captures</c>: the address and the HTML of the Hugging Face Papers page the user is reading.</summary>
public sealed record CaptureRequest(string? Url, string? Html);

/// <summary>The page's papers as the catalog now holds them, in page order.</summary>
public sealed record CaptureResponse(IReadOnlyList<Paper> Papers);

/// <summary>Stable <c>type</c> URIs of this feature's problems (RFC 9457).</summary>
public static class CaptureProblems
{
    public const string NotAPapersPage = "https://papernotes.dev/problems/not-a-papers-page";
    public const string PageTooLarge = "https://papernotes.dev/problems/page-too-large";
    public const string PageTooSlow = "https://papernotes.dev/problems/page-too-slow";
}
