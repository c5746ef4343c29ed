using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// Turns the HTML of any Hugging Face Papers page into paper records, in page order, one per paper. Parsing lives on
/// the server so one update follows Hugging Face's markup for every installed extension. AngleSharp runs with its
/// default configuration: no scripting and no resource loading, so parsing never reaches the network.
/// Garbage in gives an empty list, never an exception.
/// </summary>
internal sealed class HuggingFacePapersParser
{
    /// <summary>
    /// Parses <paramref name="html"/>, reading at most <paramref name="maxPapers"/> + 1 papers (so that a caller can
    /// tell a page with too many); <paramref name="cancellationToken"/> bounds the time spent, reading included.
    /// </summary>
    /// <param name="today">Gives the year of listing dates shown without one when the page does not say.</param>
    public async Task<IReadOnlyList<CapturedPaper>> ParseAsync(string html, PapersPageAddress page, DateOnly today,
        int maxPapers, CancellationToken cancellationToken = default)
    {
        using var document = await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
        return Read(document, page, today, new PageBudget(maxPapers + 1, cancellationToken));
    }

    /// <summary>Synchronous <see cref="ParseAsync"/> without limits, for benchmarks and tests.</summary>
    public IReadOnlyList<CapturedPaper> Parse(string html, PapersPageAddress page, DateOnly today)
    {
        using var document = new HtmlParser().ParseDocument(html);
        return Read(document, page, today, new PageBudget(int.MaxValue, CancellationToken.None));
    }

    private static IReadOnlyList<CapturedPaper> Read(IDocument document, PapersPageAddress page, DateOnly today, PageBudget budget)
    {
        // Only dates read off the DOM need the year; the embedded JSON has full timestamps.
        var year = new Lazy<int>(() => page.ListingYear ?? ListingYear(document) ?? today.Year, LazyThreadSafetyMode.None);
        if (page.IsPaperPage && PaperPageReader.Read(document, page, year) is { } paper) return [paper];
        return ListingReader.Read(document, year, budget);
    }

    /// <summary>The year a listing declares in its header, <c>&lt;time datetime="2025-10-28"&gt;</c>.</summary>
    private static int? ListingYear(IDocument document) =>
        PageText.ParseIsoDate(document.QuerySelector("time[datetime]")?.GetAttribute("datetime"))?.Year;
}
