using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary><c>POST /api/captures</c>: the address and the HTML of the Hugging Face Papers page the user is reading.</summary>
public sealed record CaptureRequest(string? Url, string? Html);

/// <summary>The page's papers as the catalog now holds them, in page order.</summary>
public sealed record CaptureResponse(IReadOnlyList<Paper> Papers);
