using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using PaperNotes.Server.Annotations;
using PaperNotes.Server.Exports;
using PaperNotes.Server.Rendering;

namespace PaperNotes.Server.Collections;

/// <summary>
/// The read-only HTML page of a collection behind its public link: one server-rendered document, inline CSS only and
/// not a single script, so its Content-Security-Policy can forbid everything but that one stylesheet (by hash).
/// </summary>
internal sealed class PublicPage(INoteRenderer notes)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly string[] Colors = ["yellow", "green", "blue", "pink", "purple", "orange", "red"];

    /// <summary>
    /// No scripts, no frames, no forms, no plugins: only the stylesheet below (matched by its hash, so even a style
    /// attribute a note smuggled in is ignored) and images over https from notes.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)))}'; " +
        "img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public string Render(CollectionInfo collection, LibraryContents contents, string pageUrl)
    {
        var page = new StringBuilder(16 * 1024 + contents.Papers.Count * 4096);
        var count = contents.Papers.Count == 1 ? "1 paper" : $"{contents.Papers.Count} papers";
        var summary = collection.Description.Length > 0 ? collection.Description : $"{count} shared by {collection.Owner} on PaperNotes.";
        Head(page, collection.Name, summary, pageUrl);
        page.Append("<header><p class=\"brand\">PaperNotes · shared collection</p><h1>").Append(E(collection.Name)).Append("</h1>");
        // Markdown, sanitised, as notes are: a description that says **agents** shows it in bold, not with asterisks.
        if (collection.Description.Length > 0) page.Append("<div class=\"desc\">").Append(notes.RenderHtml(collection.Description)).Append("</div>");
        page.Append("<p class=\"meta\">").Append(count).Append(" · curated by ").Append(E(collection.Owner))
            .Append(" · updated ").Append(Date(collection.UpdatedAt)).Append("</p></header>\n<main>\n");
        if (contents.Papers.Count == 0) page.Append("<p class=\"empty\">No papers yet.</p>\n");
        foreach (var paper in contents.Papers) Paper(page, paper);
        page.Append("</main>\n<footer>A read-only page shared with PaperNotes.</footer>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>What a link that is off, rotated or mistyped shows (with a 404).</summary>
    public static string NotFound()
    {
        var page = new StringBuilder();
        Head(page, "Link not available", "This shared collection link is not available.", null);
        page.Append("<header><p class=\"brand\">PaperNotes</p><h1>This link is not available</h1>")
            .Append("<p class=\"desc\">The owner may have turned it off or replaced it with a new one.</p></header>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static void Head(StringBuilder page, string title, string description, string? url)
    {
        page.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">\n")
            .Append("<title>").Append(E(title)).Append(" · PaperNotes</title>\n")
            .Append("<meta name=\"description\" content=\"").Append(E(description)).Append("\">\n")
            .Append("<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"PaperNotes\">\n")
            .Append("<meta property=\"og:title\" content=\"").Append(E(title)).Append("\">\n")
            .Append("<meta property=\"og:description\" content=\"").Append(E(description)).Append("\">\n");
        if (url is not null) page.Append("<meta property=\"og:url\" content=\"").Append(E(url)).Append("\">\n");
        page.Append("<meta name=\"twitter:card\" content=\"summary\">\n<style>").Append(Stylesheet).Append("</style>\n</head>\n<body>\n");
    }

    private void Paper(StringBuilder page, PaperEntry entry)
    {
        var paper = entry.Paper;
        var title = TextAnchoring.Normalize(entry.Title);
        var abstractText = TextAnchoring.Normalize(paper?.Abstract);
        var titleMarks = Marks(entry.Annotations, "title", title);
        var abstractMarks = Marks(entry.Annotations, "abstract", abstractText);

        page.Append("<article id=\"").Append(E("paper-" + entry.PaperId)).Append("\">\n<h2><a href=\"").Append(E(entry.SourceUrl))
            .Append("\" rel=\"nofollow noopener noreferrer\">");
        Marked(page, title, titleMarks);
        page.Append("</a></h2>\n<p class=\"byline\">");
        var authors = paper?.Authors is { Count: > 0 } names
            ? string.Join(", ", names.Take(6)) + (names.Count > 6 ? $" and {names.Count - 6} more" : "")
            : paper?.AuthorCount is { } n ? $"{n} authors" : null;
        if (authors is not null) page.Append(E(authors)).Append(" · ");
        if (paper?.PublishedAt is { } published) page.Append(published.ToString("d MMM yyyy", CultureInfo.InvariantCulture)).Append(" · ");
        page.Append("<a href=\"").Append(E(entry.ArxivUrl)).Append("\" rel=\"nofollow noopener noreferrer\">arXiv:")
            .Append(E(entry.PaperId)).Append("</a></p>\n");

        if (entry.Item?.Note is { Length: > 0 } note)
            page.Append("<section class=\"note\">").Append(notes.RenderHtml(note)).Append("</section>\n");
        if (abstractText.Length > 0)
        {
            page.Append("<p class=\"abstract\">");
            Marked(page, abstractText, abstractMarks);
            page.Append("</p>\n");
        }
        var commented = entry.Annotations.Where(a => a.Body.Length > 0).ToList();
        if (commented.Count > 0)
        {
            page.Append("<ul class=\"annotations\">\n");
            foreach (var annotation in commented)
            {
                page.Append("<li>");
                if (annotation.Target.Selectors.FirstOrDefault(s => s.Type == "TextQuoteSelector")?.Exact is { } exact)
                    page.Append("<blockquote class=\"").Append(ColorClass(annotation.Color)).Append("\">").Append(E(exact)).Append("</blockquote>");
                page.Append("<div class=\"body\">").Append(notes.RenderHtml(annotation.Body)).Append("</div><p class=\"by\">")
                    .Append(E(annotation.CreatedBy)).Append("</p></li>\n");
            }
            page.Append("</ul>\n");
        }
        if (entry.Item?.AddedBy is { } addedBy)
            page.Append("<p class=\"added\">Added by ").Append(E(addedBy)).Append(" on ").Append(Date(entry.Since)).Append("</p>\n");
        page.Append("</article>\n");
    }

    private static List<(int Start, int End, string Color)> Marks(IEnumerable<Annotation> annotations, string field, string text) =>
        [.. annotations.Where(a => a.Target.Field == field)
            .Select(a => (Range: TextAnchoring.Locate(text, a.Target.Selectors), a.Color))
            .Where(m => m.Range is { } r && r.End <= text.Length)
            .Select(m => (m.Range!.Value.Start, m.Range.Value.End, ColorClass(m.Color)))];

    /// <summary>Writes <paramref name="text"/> with each highlighted stretch in a <c>mark</c>; overlaps take the first colour.</summary>
    private static void Marked(StringBuilder page, string text, List<(int Start, int End, string Color)> marks)
    {
        var cuts = marks.SelectMany(m => new[] { m.Start, m.End }).Append(0).Append(text.Length).Distinct().Order().ToList();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (from, to) = (cuts[i], cuts[i + 1]);
            var segment = E(text[from..to]);
            var cover = marks.FirstOrDefault(m => m.Start <= from && to <= m.End);
            if (cover.Color is null) page.Append(segment);
            else page.Append("<mark class=\"").Append(cover.Color).Append("\">").Append(segment).Append("</mark>");
        }
    }

    private static string ColorClass(string? color) => "hl-" + (Colors.Contains(color) ? color : "yellow");

    private static string Date(DateTime time) => time.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string E(string text) => Html.Encode(text);

    // Light by default, dark when the reader prefers it; system fonts only, so nothing else is fetched.
    private const string Stylesheet = """
:root{--bg:#fdfdfc;--fg:#1d1f23;--muted:#5f6672;--line:#e4e6ea;--card:#fff;--link:#2453c7;--quote:#f3f4f6;
--hl-yellow:#fff1a8;--hl-green:#c9f2cf;--hl-blue:#cfe3ff;--hl-pink:#ffd4e5;--hl-purple:#e5d7ff;--hl-orange:#ffdcbc;--hl-red:#ffc9c9}
@media (prefers-color-scheme:dark){:root{--bg:#111317;--fg:#e7e9ee;--muted:#9aa1ad;--line:#2a2e36;--card:#181b21;--link:#8fb2ff;
--quote:#20242c;--hl-yellow:#6b5a00;--hl-green:#1f5b2a;--hl-blue:#1d4478;--hl-pink:#6e2643;--hl-purple:#4b3479;--hl-orange:#74411a;--hl-red:#6f2525}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:3rem;padding-bottom:1.5rem;border-bottom:1px solid var(--line)}
.brand{margin:0 0 .5rem;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
h1{margin:0;font-size:2rem;line-height:1.2}
.desc{margin:.75rem 0 0;font-size:1.1rem}.desc>:first-child{margin-top:0}.desc>:last-child{margin-bottom:0}
.meta,.byline,.added,.by{color:var(--muted);font-size:.875rem}
.meta{margin:.75rem 0 0}
article{margin:1.5rem 0;padding:1.25rem clamp(.75rem,4vw,1.5rem);background:var(--card);border:1px solid var(--line);border-radius:12px}
h2{margin:0;font-size:1.2rem;line-height:1.35}
a{color:var(--link);text-decoration:underline;text-underline-offset:2px}
h2 a{color:inherit;text-decoration:none}
h2 a:hover{text-decoration:underline}
.byline{margin:.35rem 0 0}
.note{margin:1rem 0 0;padding:.75rem 1rem;border-left:3px solid var(--link);background:var(--quote);border-radius:0 8px 8px 0}
.note>:first-child,.body>:first-child{margin-top:0}.note>:last-child,.body>:last-child{margin-bottom:0}
.abstract{margin:1rem 0 0;font-size:.95rem}
mark{color:inherit;border-radius:3px;padding:0 .1em;background:var(--hl-yellow)}
.annotations{list-style:none;margin:1rem 0 0;padding:0}
.annotations li{margin:.75rem 0 0}
blockquote{margin:0 0 .35rem;padding:.25rem .75rem;border-left:4px solid var(--hl-yellow);font-style:italic}
.hl-green{--hl-yellow:var(--hl-green)}.hl-blue{--hl-yellow:var(--hl-blue)}.hl-pink{--hl-yellow:var(--hl-pink)}
.hl-purple{--hl-yellow:var(--hl-purple)}.hl-orange{--hl-yellow:var(--hl-orange)}.hl-red{--hl-yellow:var(--hl-red)}
.by{margin:.2rem 0 0}.added{margin:1rem 0 0}
pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
pre{overflow:auto;padding:.75rem;background:var(--quote);border-radius:8px}
table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:.25rem .5rem}
img{max-width:100%}
.empty{color:var(--muted);margin:2rem 0}
footer{padding-bottom:3rem;color:var(--muted);font-size:.8rem}
""";
}
