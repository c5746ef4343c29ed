using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// Reads listing cards from the DOM alone. A card is an <c>article</c> that holds a desktop and a mobile copy of the
/// same content, each with its <c>h3 &gt; a[href="/papers/&lt;id&gt;"]</c>: the first copy of an id is read, the
/// others are skipped. A copy reads: title, abstract paragraph(s), then a metadata line
/// "<c>N authors</c> | organisation · date [comment count]", an upvote box, and GitHub and thumbnail links.
/// A copy that holds the headings of several papers is no card: only its titles are read. That keeps reading linear in
/// the page: each copy is walked once, and the copies walked to their end hold one paper each, so they never nest.
/// </summary>
internal static class ListingCardReader
{
    public static IReadOnlyList<CapturedPaper> Read(IDocument document, int listingYear, PageBudget budget)
    {
        var papers = new List<CapturedPaper>();
        var seen = new HashSet<string>();
        var copies = new Dictionary<IElement, CardParts>();
        if (document.DocumentElement is not { } root) return papers;
        // h3 > a[href], walked by hand: AngleSharp's selector engine takes several times longer over a whole page.
        foreach (var link in PageText.ElementsUnder(root))
        {
            budget.Check();
            if (papers.Count == budget.MaxPapers) break;
            if (TitleLinkId(link) is not { } id || !seen.Add(id)) continue;
            var heading = link.ParentElement!;
            var copy = CopyRoot(heading);
            if (!copies.TryGetValue(copy, out var parts)) copies[copy] = parts = CardParts.Find(copy, heading, id, budget);
            papers.Add(parts.HoldsOtherPapers
                ? new CapturedPaper(id, Title: PageText.Normalize(PageText.Of(link)))
                : ReadCopy(id, link, parts, listingYear));
        }
        return papers;
    }

    /// <summary>The paper id of a title link, <c>h3 &gt; a[href="/papers/&lt;id&gt;"]</c>; null for any other element.</summary>
    private static string? TitleLinkId(IElement element) =>
        element.LocalName == "a" && element.ParentElement?.LocalName == "h3" ? PageText.PaperIdFromHref(element.GetAttribute("href")) : null;

    private static CapturedPaper ReadCopy(string id, IElement titleLink, CardParts parts, int listingYear)
    {
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
        /// <summary>The copy holds the title of another paper too: it is no card, and was not walked to its end.</summary>
        public bool HoldsOtherPapers;

        /// <summary>
        /// One walk over the copy in document order, keeping each element's depth so that the subtrees of the heading
        /// and of empty paragraphs are passed over without a walk of their own (nested empty paragraphs stay linear).
        /// </summary>
        public static CardParts Find(IElement copy, IElement heading, string id, PageBudget budget)
        {
            var parts = new CardParts();
            // Paragraphs are not looked for below this depth: inside the heading, or inside a paragraph without text.
            var noParagraphsBelow = int.MaxValue;
            var depth = 1;
            for (var element = copy.FirstElementChild; element is not null;)
            {
                budget.Check();
                if (depth <= noParagraphsBelow) noParagraphsBelow = int.MaxValue;
                if (TitleLinkId(element) is { } other && other != id)
                {
                    parts.HoldsOtherPapers = true;
                    return parts;
                }
                if (element == heading) noParagraphsBelow = depth;
                switch (element.LocalName)
                {
                    case "p" when parts.FirstParagraph is null && noParagraphsBelow == int.MaxValue:
                        if (PageText.Normalize(PageText.Of(element)) is not null) parts.FirstParagraph = element;
                        else noParagraphsBelow = depth;
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

                // Next in document order: the first child, else the next sibling of the nearest ancestor that has one.
                var next = element.FirstElementChild;
                if (next is not null) depth++;
                else
                {
                    var up = element;
                    while (up != copy && up.NextElementSibling is null && up.ParentElement is { } parent)
                    {
                        up = parent;
                        depth--;
                    }
                    next = up == copy ? null : up.NextElementSibling;
                }
                element = next;
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
