using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperNotes.Server.Capture;

/// <summary>
/// The address of a Hugging Face Papers page: a listing (<c>/papers</c>, <c>/papers/trending</c>,
/// <c>/papers/date/2025-10-28</c>, <c>/papers/week/2025-W44</c>, <c>/papers/month/2025-10</c>, <c>/papers?q=…</c>)
/// or one paper's page (<c>/papers/2403.12345</c>).
/// </summary>
internal sealed partial record PapersPageAddress(Uri Url, string? PaperId, int? ListingYear)
{
    /// <summary>Reads <paramref name="url"/>; false for anything that is not a Papers page on huggingface.co.</summary>
    public static bool TryParse(string? url, out PapersPageAddress address)
    {
        address = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return false;
        if (uri.Host is not ("huggingface.co" or "www.huggingface.co" or "hf.co")) return false;
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path != "/papers" && !path.StartsWith("/papers/", StringComparison.Ordinal)) return false;
        var paperId = PageText.PaperIdFromHref(path);
        var year = ListingYearPattern().Match(path) is { Success: true } match
            ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture)
            : (int?)null;
        address = new PapersPageAddress(uri, paperId, year);
        return true;
    }

    public bool IsPaperPage => PaperId is not null;

    [GeneratedRegex(@"^/papers/(?:date|week|month)/(?<year>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex ListingYearPattern();
}
