using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// Listing pages (daily, weekly, monthly, trending, search): the embedded <c>DailyPapers</c> JSON when the page has
/// it, the cards otherwise. Either way one paper per id, in page order.
/// </summary>
internal static class ListingReader
{
    public static IReadOnlyList<CapturedPaper> Read(IDocument document, Lazy<int> listingYear, PageBudget budget) =>
        ReadEmbedded(document, budget) is { Count: > 0 } embedded ? embedded : ListingCardReader.Read(document, listingYear.Value, budget);

    /// <summary>The papers of <c>[data-target="DailyPapers"]</c>, or null when the page does not embed them.</summary>
    public static IReadOnlyList<CapturedPaper>? ReadEmbedded(IDocument document, PageBudget budget)
    {
        using var props = EmbeddedPaperJson.Props(document, "DailyPapers");
        if (props is null) return null;
        var entries = EmbeddedPaperJson.Array(props.RootElement, "dailyPapers") ?? EmbeddedPaperJson.Array(props.RootElement, "papers");
        if (entries is null) return null;
        var papers = new List<CapturedPaper>();
        var seen = new HashSet<string>();
        foreach (var entry in entries.Value.EnumerateArray())
        {
            if (papers.Count == budget.MaxPapers) break;
            budget.Check();
            // Listing entries wrap the paper ({ paper, numComments, thumbnail, … }); search results may not.
            var paper = EmbeddedPaperJson.Object(entry, "paper") ?? entry;
            if (EmbeddedPaperJson.ToCapturedPaper(paper, entry) is { } captured && seen.Add(captured.Id)) papers.Add(captured);
        }
        return papers;
    }
}
