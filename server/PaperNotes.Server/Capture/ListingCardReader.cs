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
        if (document.DocumentElement is not { } root) return papers;
        // h3 > a[href], walked by hand: AngleSharp's selector engine takes several times longer over a whole page.
        foreach (var link in PageText.ElementsUnder(root))
        {
            if (link.LocalName != "a" || link.ParentElement?.LocalName != "h3") continue;
            var id = PageText.PaperIdFromHref(link.GetAttribute("href"));
            if (id is null || !seen.Add(id)) continue;
            papers.Add(ReadCopy(id, link, listingYear));
        }
        return papers;
    }

    private static CapturedPaper ReadCopy(string id, IElement titleLink, int listingYear)
    {
        var heading = titleLink.ParentElement!;
        var parts = CardParts.Find(CopyRoot(heading), heading);
        var (authorCount, organization, publishedAt, comments) = ReadMetadata(parts.Separator, listingYear);
        return new CapturedPaper(
            id,
            Title: PageText.Normalize(PageText.Of(titleLink)),
            Abstract: parts.FirstParagraph?.ParentElement is { } block ? PageText.ParagraphsOf(block) : null,
            AbstractIsComplete: false,
            AuthorCount: authorCount,
            Organization: organization,
            PublishedAt: publishedAt,
            Upvotes: PageText.UpvotesIn(parts.UpvoteBox),
            Comments: comments,
            GithubRepo: EmbeddedPaperJson.Url(parts.GithubLink?.GetAttribute("href")),
            Thumbnail: EmbeddedPaperJson.Url(parts.Thumbnail?.GetAttribute("src")));
    }

    /// <summary>The elements a copy is read from, found in one walk over it (a selector per part costs a walk each).</summary>
    private sealed class CardParts
    {
        public IElement? FirstParagraph;
        public IElement? Separator;
        public IElement? UpvoteBox;
        public IElement? GithubLink;
        public IElement? Thumbnail;

        public static CardParts Find(IElement copy, IElement heading)
        {
            var parts = new CardParts();
            foreach (var element in PageText.ElementsUnder(copy))
            {
                switch (element.LocalName)
                {
                    case "p" when parts.FirstParagraph is null && !heading.Contains(element) && PageText.Normalize(PageText.Of(element)) is not null:
                        parts.FirstParagraph = element;
                        break;
                    case "span" when parts.Separator is null && element.ChildElementCount == 0 && element.TextContent.Trim() == "·":
                        parts.Separator = element;
                        break;
                    case "a" when parts.GithubLink is null && element.GetAttribute("href")?.StartsWith("https://github.com/", StringComparison.Ordinal) == true:
                        parts.GithubLink = element;
                        break;
                    case "img" when parts.Thumbnail is null && element.GetAttribute("src")?.Contains("/social-thumbnails/papers/", StringComparison.Ordinal) == true:
                        parts.Thumbnail = element;
                        break;
                }
                if (parts.UpvoteBox is null && element.GetAttribute("role") == "checkbox") parts.UpvoteBox = element;
            }
            return parts;
        }
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

    /// <summary>The metadata line is the parent of the "·" separator: who before it, when (and comments) after it.</summary>
    private static (int? AuthorCount, string? Organization, DateOnly? PublishedAt, int? Comments) ReadMetadata(IElement? separator, int listingYear)
    {
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
            var badge = before.OfType<IElement>().SelectMany(e => PageText.ElementsUnder(e).Prepend(e)).FirstOrDefault(e => e.LocalName == "a");
            organization = PageText.Normalize(PageText.Of(badge is null ? null : PageText.ElementsUnder(badge).FirstOrDefault(e => e.LocalName == "span") ?? badge));
        }

        var when = string.Concat(after.Select(n => PageText.Of(n)));
        var publishedAt = PageText.ParseDate(when, listingYear, out var rest);
        // A number after the date is the comment count (a link to #community on real pages).
        var comments = after.OfType<IElement>().SelectMany(e => PageText.ElementsUnder(e).Prepend(e))
            .FirstOrDefault(e => e.LocalName == "a" && e.GetAttribute("href")?.Contains("#community", StringComparison.Ordinal) == true) is { } discussion
            ? PageText.ParseCount(PageText.Of(discussion))
            : PageText.ParseCount(rest);
        return (authorCount, organization, publishedAt, comments);
    }
}
