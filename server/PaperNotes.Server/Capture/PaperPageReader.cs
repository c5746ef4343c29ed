using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// A paper's own page (<c>/papers/&lt;id&gt;</c>): the embedded <c>PaperContent</c> JSON when present, else the DOM
/// (an <c>h1</c> title, <c>.author</c> links, "Published on …", the paragraphs after the "Abstract" heading).
/// </summary>
internal static class PaperPageReader
{
    /// <param name="year">The year of a date shown without one.</param>
    public static CapturedPaper? Read(IDocument document, PapersPageAddress page, Lazy<int> year) =>
        ReadEmbedded(document, page) ?? ReadDom(document, page, year.Value);

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
        var title = PageText.Normalize(PageText.Of(heading));
        if (title is null) return null;
        var header = heading.ParentElement ?? heading;
        var authors = document.QuerySelectorAll(".author a").Select(a => PageText.Normalize(PageText.Of(a))).OfType<string>().ToList();
        var published = header.QuerySelectorAll("*")
            .FirstOrDefault(e => e.ChildElementCount == 0 && PageText.Of(e).TrimStart().StartsWith("Published on", StringComparison.Ordinal));
        var links = header.QuerySelectorAll("a[href]").ToList();
        return new CapturedPaper(
            id,
            Title: title,
            Abstract: ReadAbstract(document),
            AbstractIsComplete: true,
            Authors: authors.Count > 0 ? authors : null,
            AuthorCount: authors.Count > 0 ? authors.Count : null,
            PublishedAt: PageText.ParseDate(PageText.Of(published), year),
            Upvotes: PageText.UpvotesIn(header.QuerySelector("[role='checkbox']")),
            GithubRepo: EmbeddedPaperJson.Url(links.FirstOrDefault(a => a.GetAttribute("href")!.StartsWith("https://github.com/", StringComparison.Ordinal))?.GetAttribute("href")),
            ProjectPage: EmbeddedPaperJson.Url(links.FirstOrDefault(a => PageText.Of(a).Contains("Project page", StringComparison.OrdinalIgnoreCase))?.GetAttribute("href")),
            Thumbnail: Thumbnail(document));
    }

    /// <summary>
    /// The paragraphs directly inside the block after the "Abstract" heading; the AI summary sits in a box nested in
    /// that block, so it is left out.
    /// </summary>
    private static string? ReadAbstract(IDocument document)
    {
        var heading = document.QuerySelectorAll("h2").FirstOrDefault(h => PageText.Normalize(PageText.Of(h)) == "Abstract");
        if (heading?.NextElementSibling is not { } block) return null;
        return PageText.ParagraphsOf(block);
    }

    private static string? Thumbnail(IDocument document) =>
        EmbeddedPaperJson.Url(document.QuerySelector("meta[property='og:image']")?.GetAttribute("content")) is { } image
        && image.Contains("/social-thumbnails/papers/", StringComparison.Ordinal)
            ? image
            : null;
}
