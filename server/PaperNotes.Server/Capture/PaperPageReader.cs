using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// A paper's own page (<c>/papers/&lt;id&gt;</c>): the embedded <c>PaperContent</c> JSON when present, else the DOM
/// (an <c>h1</c> title, <c>.author</c> names, "Published on …", the paragraphs after the "Abstract" heading).
/// </summary>
internal static class PaperPageReader
{
    /// <param name="year">The year of a date shown without one.</param>
    public static CapturedPaper? Read(IDocument document, PapersPageAddress page, int year) =>
        ReadEmbedded(document, page) ?? ReadDom(document, page, year);

    private static CapturedPaper? ReadEmbedded(IDocument document, PapersPageAddress page)
    {
        using var props = EmbeddedPaperJson.Props(document, "PaperContent");
        if (props is null || EmbeddedPaperJson.Object(props.RootElement, "paper") is not { } paper) return null;
        var captured = EmbeddedPaperJson.ToCapturedPaper(paper, props.RootElement);
        if (captured is null || (page.PaperId is { } id && id != captured.Id)) return null;
        return captured.Thumbnail is null ? captured with { Thumbnail = Thumbnail(document) } : captured;
    }

    private static CapturedPaper? ReadDom(IDocument document, PapersPageAddress page, int year)
    {
        if (page.PaperId is not { } id || document.QuerySelector("h1") is not { } heading) return null;
        var title = PageText.Normalize(heading.TextContent);
        if (title is null) return null;
        var header = heading.ParentElement ?? heading;
        var authors = document.QuerySelectorAll(".author").Select(a => PageText.Normalize(a.TextContent)).OfType<string>().ToList();
        var published = header.QuerySelectorAll("*")
            .FirstOrDefault(e => e.ChildElementCount == 0 && e.TextContent.TrimStart().StartsWith("Published on", StringComparison.Ordinal));
        var upvotes = header.QuerySelector("[role='checkbox']")?.Children.LastOrDefault(c => c.LocalName == "div")?.TextContent;
        var links = header.QuerySelectorAll("a[href]").ToList();
        return new CapturedPaper(
            id,
            Title: title,
            Abstract: ReadAbstract(document),
            AbstractIsComplete: true,
            Authors: authors.Count > 0 ? authors : null,
            AuthorCount: authors.Count > 0 ? authors.Count : null,
            PublishedAt: PageText.ParseDate(published?.TextContent, year),
            Upvotes: PageText.ParseCount(upvotes),
            GithubRepo: EmbeddedPaperJson.Url(links.FirstOrDefault(a => a.GetAttribute("href")!.StartsWith("https://github.com/", StringComparison.Ordinal))?.GetAttribute("href")),
            ProjectPage: EmbeddedPaperJson.Url(links.FirstOrDefault(a => a.TextContent.Contains("Project page", StringComparison.OrdinalIgnoreCase))?.GetAttribute("href")),
            Thumbnail: Thumbnail(document));
    }

    /// <summary>
    /// The paragraphs directly inside the block after the "Abstract" heading; the AI summary sits in a box nested in
    /// that block, so it is left out.
    /// </summary>
    private static string? ReadAbstract(IDocument document)
    {
        var heading = document.QuerySelectorAll("h2").FirstOrDefault(h => PageText.Normalize(h.TextContent) == "Abstract");
        if (heading?.NextElementSibling is not { } block) return null;
        return PageText.JoinParagraphs(block.Children.Where(c => c.LocalName == "p").Select(p => p.TextContent));
    }

    private static string? Thumbnail(IDocument document) =>
        EmbeddedPaperJson.Url(document.QuerySelector("meta[property='og:image']")?.GetAttribute("content")) is { } image
        && image.Contains("/social-thumbnails/papers/", StringComparison.Ordinal)
            ? image
            : null;
}
