using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// Reads listing cards from the DOM alone. A card is an <c>article</c> that holds a desktop and a mobile copy of the
/// same content, each with its <c>h3 &gt; a[href="/papers/&lt;id&gt;"]</c>: the first copy of an id is read, the
/// others are skipped. A copy reads: title, abstract paragraph(s), then a metadata line
/// "<c>N authors</c> | organisation · date [comment count]", an upvote box, and GitHub and thumbnail links.
/// </summary>
internal static class ListingCardReader
{
    public static IReadOnlyList<CapturedPaper> Read(IDocument document, int listingYear)
    {
        var papers = new List<CapturedPaper>();
        var seen = new HashSet<string>();
        foreach (var link in document.QuerySelectorAll("h3 > a[href]"))
        {
            var id = PageText.PaperIdFromHref(link.GetAttribute("href"));
            if (id is null || !seen.Add(id)) continue;
            papers.Add(ReadCopy(id, link, listingYear));
        }
        return papers;
    }

    private static CapturedPaper ReadCopy(string id, IElement titleLink, int listingYear)
    {
        var heading = titleLink.ParentElement!;
        var copy = CopyRoot(heading);
        var (authorCount, organization, publishedAt, comments) = ReadMetadata(copy, listingYear);
        return new CapturedPaper(
            id,
            Title: PageText.Normalize(PageText.Of(titleLink)),
            Abstract: ReadAbstract(copy, heading),
            AbstractIsComplete: false,
            AuthorCount: authorCount,
            Organization: organization,
            PublishedAt: publishedAt,
            Upvotes: ReadUpvotes(copy),
            Comments: comments,
            GithubRepo: EmbeddedPaperJson.Url(copy.QuerySelector("a[href^='https://github.com/']")?.GetAttribute("href")),
            Thumbnail: EmbeddedPaperJson.Url(copy.QuerySelector("img[src*='/social-thumbnails/papers/']")?.GetAttribute("src")));
    }

    /// <summary>
    /// The copy a heading belongs to: the child of its <c>article</c> that holds it (thumbnail, text and upvote columns
    /// alike). Outside an article, the heading's parent, which holds at least the abstract and the metadata line.
    /// </summary>
    private static IElement CopyRoot(IElement heading)
    {
        var node = heading;
        while (node.ParentElement is { } parent)
        {
            if (parent.LocalName == "article") return node;
            node = parent;
        }
        return heading.ParentElement ?? heading;
    }

    /// <summary>The paragraphs of the first block after the heading that holds any; several paragraphs are kept apart.</summary>
    private static string? ReadAbstract(IElement copy, IElement heading)
    {
        var first = copy.QuerySelectorAll("p").FirstOrDefault(p => !heading.Contains(p) && PageText.Normalize(PageText.Of(p)) is not null);
        if (first?.ParentElement is not { } block) return null;
        return PageText.JoinParagraphs(block.Children.Where(c => c.LocalName == "p").Select(p => PageText.Of(p)));
    }

    private static (int? AuthorCount, string? Organization, DateOnly? PublishedAt, int? Comments) ReadMetadata(IElement copy, int listingYear)
    {
        var separator = copy.QuerySelectorAll("span").FirstOrDefault(s => PageText.Of(s).Trim() == "·");
        if (separator?.ParentElement is not { } line) return default;

        var before = new List<INode>();
        var after = new List<INode>();
        var passedSeparator = false;
        foreach (var node in line.ChildNodes)
        {
            if (node == separator) passedSeparator = true;
            else (passedSeparator ? after : before).Add(node);
        }

        var who = PageText.Normalize(string.Concat(before.Select(n => PageText.Of(n))));
        var authorCount = PageText.ParseAuthorCount(who);
        string? organization = null;
        if (authorCount is null)
        {
            var badge = before.OfType<IElement>().Select(e => e.LocalName == "a" ? e : e.QuerySelector("a")).FirstOrDefault(a => a is not null);
            organization = PageText.Normalize(PageText.Of(badge?.QuerySelector("span") ?? badge));
        }

        var when = string.Concat(after.Select(n => PageText.Of(n)));
        var publishedAt = PageText.ParseDate(when, listingYear, out var rest);
        // A number after the date is the comment count (a link to #community on real pages).
        var comments = after.OfType<IElement>().Select(e => e.LocalName == "a" ? e : e.QuerySelector("a[href*='#community']"))
            .FirstOrDefault(a => a?.GetAttribute("href")?.Contains("#community", StringComparison.Ordinal) == true) is { } discussion
            ? PageText.ParseCount(PageText.Of(discussion))
            : PageText.ParseCount(rest);
        return (authorCount, organization, publishedAt, comments);
    }

    private static int? ReadUpvotes(IElement copy)
    {
        var box = copy.QuerySelector("[role='checkbox']");
        return box is null ? null : PageText.ParseCount(PageText.Of(box.Children.LastOrDefault(c => c.LocalName == "div")));
    }
}
