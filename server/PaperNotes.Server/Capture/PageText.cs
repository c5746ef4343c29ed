using System.Buffers;
using System.Globalization;
using AngleSharp.Dom;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperNotes.Server.Capture;

/// <summary>How the capture reads text off a page: whitespace, dates, counts and paper ids.</summary>
internal static partial class PageText
{
    /// <summary>
    /// Collapses every run of whitespace to one space, keeps paragraph breaks (a run holding two or more line breaks)
    /// as one blank line, and trims. Empty text is null. Annotation selectors are offsets into this form.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var rest = text.AsSpan();
        StringBuilder? result = null; // stays null while the text is already normal: no copy then
        var written = 0;
        var position = 0;
        while (!rest.IsEmpty)
        {
            var word = rest.IndexOfAny(WhiteSpace);
            if (word < 0) word = rest.Length;
            if (word > 0)
            {
                result?.Append(rest[..word]);
                written += word;
            }
            rest = rest[word..];
            position += word;
            if (rest.IsEmpty) break;

            var run = rest.IndexOfAnyExcept(WhiteSpace);
            if (run < 0) run = rest.Length;
            var whitespace = rest[..run];
            var atEdge = written == 0 || run == rest.Length;
            var separator = whitespace.Count('\n') >= 2 ? "\n\n" : " ";
            if (result is null && (atEdge || whitespace is not " "))
                result = new StringBuilder(text.Length).Append(text.AsSpan(0, position));
            if (!atEdge)
            {
                result?.Append(separator);
                written += separator.Length;
            }
            rest = rest[run..];
            position += run;
        }
        if (written == 0) return null;
        return result?.ToString() ?? text;
    }

    /// <summary>Every character <see cref="char.IsWhiteSpace(char)"/> calls white space.</summary>
    private static readonly SearchValues<char> WhiteSpace =
        SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);

    /// <summary>
    /// The text a reader sees in <paramref name="node"/>: like <c>TextContent</c>, but without the contents of
    /// <c>script</c>, <c>style</c> and <c>template</c> elements, which a hostile page could put inside a title.
    /// </summary>
    public static string Of(INode? node)
    {
        if (node is null) return "";
        if (node is IText text) return text.Data;
        var result = new StringBuilder();
        var pending = new Stack<INode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is IText part) { result.Append(part.Data); continue; }
            if (current is IElement { LocalName: "script" or "style" or "template" or "noscript" }) continue;
            for (var child = current.LastChild; child is not null; child = child.PreviousSibling) pending.Push(child);
        }
        return result.ToString();
    }

    /// <summary>
    /// Every element under <paramref name="root"/> in document order, walked through sibling and parent links: one
    /// iterator, where AngleSharp's <c>Descendants</c> nests one per level.
    /// </summary>
    public static IEnumerable<IElement> ElementsUnder(IElement root)
    {
        var next = root.FirstElementChild;
        while (next is not null)
        {
            var current = next;
            yield return current;
            next = current.FirstElementChild;
            for (var up = current; next is null && up is not null && up != root; up = up.ParentElement)
                next = up.NextElementSibling;
        }
    }

    /// <summary>The <c>p</c> children of <paramref name="block"/>, normalised and kept apart by a blank line.</summary>
    public static string? ParagraphsOf(IElement block) =>
        JoinParagraphs(block.Children.Where(c => c.LocalName == "p").Select(Of));

    /// <summary>The count in an upvote box (<c>[role=checkbox]</c>): its last <c>div</c>, a number or "-".</summary>
    public static int? UpvotesIn(IElement? box) =>
        ParseCount(Of(box?.Children.LastOrDefault(c => c.LocalName == "div")));

    /// <summary>Paragraphs joined by a blank line, then normalised.</summary>
    private static string? JoinParagraphs(IEnumerable<string?> paragraphs) =>
        Normalize(string.Join("\n\n", paragraphs.Select(Normalize).Where(p => p is not null)));

    /// <summary>
    /// Reads "Published on Oct 4, 2026", "Mar 18, 2024" or "Oct 13"; a date without a year belongs to
    /// <paramref name="listingYear"/>.
    /// </summary>
    public static DateOnly? ParseDate(string? text, int listingYear) => ParseDate(text, listingYear, out _);

    /// <summary>As <see cref="ParseDate(string?, int)"/>, also giving the text that follows the date.</summary>
    public static DateOnly? ParseDate(string? text, int listingYear, out string rest)
    {
        rest = "";
        if (text is null) return null;
        var match = DatePattern().Match(text);
        if (!match.Success) return null;
        rest = text[(match.Index + match.Length)..];
        var month = Array.IndexOf(Months, match.Groups["month"].Value[..3].ToLowerInvariant()) + 1;
        var year = match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : listingYear;
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        return year is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The date part of an ISO timestamp such as <c>2026-10-04T00:00:00.000Z</c>, read in UTC.</summary>
    public static DateOnly? ParseIsoDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? DateOnly.FromDateTime(at.UtcDateTime)
            : null;

    /// <summary>"117", "1,204" or "3.29k"; "-" (nothing shown) and anything else is null.</summary>
    public static int? ParseCount(string? text)
    {
        var value = Normalize(text)?.Replace(",", "");
        if (value is null) return null;
        var thousands = value.EndsWith('k') || value.EndsWith('K');
        if (thousands) value = value[..^1];
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
        number *= thousands ? 1000 : 1;
        return number is >= 0 and <= int.MaxValue ? (int)number : null;
    }

    /// <summary>The leading integer of "24 authors"; null when the text does not start with a count of authors.</summary>
    public static int? ParseAuthorCount(string? text) =>
        text is not null && AuthorCountPattern().Match(text) is { Success: true } match
            ? ParseCount(match.Groups["count"].Value)
            : null;

    /// <summary>
    /// The arXiv id in a link to a paper page (<c>/papers/2403.12345</c>, absolute or with a query, fragment or
    /// version); null for every other link, including <c>/papers/trending</c> and <c>/papers/date/…</c>.
    /// </summary>
    public static string? PaperIdFromHref(string? href)
    {
        if (string.IsNullOrEmpty(href)) return null;
        var match = PaperHrefPattern().Match(href);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>True for a well-formed arXiv id, new style (<c>2403.12345</c>) or old style (<c>hep-th/9901001</c>).</summary>
    public static bool IsPaperId(string? id) => id is not null && PaperIdPattern().IsMatch(id);

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // Archives bounded as in Library/PaperIds.
    private const string Id = @"(?<id>\d{4}\.\d{4,5}|[a-z]{1,12}(?:-[a-z]{1,12})?(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?";

    [GeneratedRegex(@"\b(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?<day>\d{1,2})\b(?:,\s*(?<year>\d{4}))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\s*(?<count>[\d,]+)\s+authors?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AuthorCountPattern();

    [GeneratedRegex(@"^(?:https?://(?:www\.)?(?:huggingface\.co|hf\.co))?/papers/" + Id + @"/?(?:[?#].*)?$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PaperHrefPattern();

    [GeneratedRegex("^" + Id + "$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PaperIdPattern();
}
