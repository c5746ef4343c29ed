using System.Net;
using System.Text;
using System.Text.Json;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Tests.Collections;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using static PaperNotes.Server.Tests.Collections.CollectionCalls;

namespace PaperNotes.Server.Tests.Exports;

/// <summary><c>GET /api/libraries/{lib}/export</c>: each format parses back to what the library holds.</summary>
public sealed class ExportTests : IAsyncLifetime
{
    private const string Abstract = "We present LOOPer. LOOPer achieves a geometric mean speedup of 1.84x.";

    /// <summary>A note that tries to close its BibTeX field and add an entry of its own (issue 20).</summary>
    private const string HostileNote = "x\\}}, title = {pwned}}\n@misc{evil,\n  title = {pwned}\n}\n{";
    private readonly PaperNotesApplication _app = new();
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _collection = null!;

    public async Task InitializeAsync()
    {
        await _app.CatalogAsync(
            new CapturedPaper("2403.12345", "LOOPer: {Learned} Code Optimizer at 50% & $x_1$", Abstract, true, ["Massinissa Merouani", "Riyadh Baghdadi"], PublishedAt: new DateOnly(2024, 3, 19)),
            new CapturedPaper("2403.54321", "LOOPer Revisited", "Another.", true, ["Ann Merouani"], PublishedAt: new DateOnly(2024, 3, 2)),
            new CapturedPaper("hep-th/9901001", "Old Strings", "Old.", true, ["Édouard Brézin"]));
        _alice = await _app.KnownUserAsync("alice");
        _bob = await _app.KnownUserAsync("bob");
        _collection = (await _alice.CreateCollectionAsync("Reading group")).GetProperty("id").GetString()!;
        await _alice.InviteAsync(_collection, "bob", "viewer");
        await _alice.PutItemAsync(_collection, "2403.12345", new { note = "Read {section} 3" });
        await _alice.PutItemAsync(_collection, "2403.54321", new { note = "" });
        await _alice.PutItemAsync(_collection, "hep-th/9901001", new { note = "" });
        await _alice.PutAsync($"/api/libraries/{_collection}/annotations/{Guid.NewGuid()}",
            Highlight("2403.12345", "geometric mean speedup", "LOOPer achieves a ", " of 1.84x", 37));
        await _alice.PutAsync($"/api/libraries/{_collection}/annotations/{Guid.NewGuid()}",
            Highlight("2403.12345", "LOOPer", "We present ", ". LOOPer", 11, body: "Name **clash**?"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpResponseMessage Response, string Body)> ExportAsync(string format)
    {
        var response = await _bob.GetAsync($"/api/libraries/{_collection}/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BibTexParsesBackWithUniqueKeysAndArxivFields()
    {
        var (response, bib) = await ExportAsync("bibtex");

        Assert.Equal("application/x-bibtex", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("reading-group.bib", response.Content.Headers.ContentDisposition?.FileNameStar);
        var entries = BibTexReader.Parse(bib);
        Assert.Equal(3, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
        var looper = entries.Single(e => e.Fields["eprint"] == "2403.12345");
        Assert.Equal("misc", looper.Type);
        Assert.Equal("merouani2024looper", looper.Key);
        Assert.Equal("merouani2024loopera", entries.Single(e => e.Fields["eprint"] == "2403.54321").Key);
        Assert.Equal("{LOOPer: {Learned} Code Optimizer at 50% & $x_1$}", looper.Fields["title"]);
        Assert.Equal("Massinissa Merouani and Riyadh Baghdadi", looper.Fields["author"]);
        Assert.Equal("arXiv", looper.Fields["archivePrefix"]);
        Assert.Equal("2024", looper.Fields["year"]);
        Assert.Equal("Read {section} 3", looper.Fields["annote"]);
        var old = entries.Single(e => e.Fields["eprint"] == "hep-th/9901001");
        Assert.Equal("brezin1999old", old.Key);
        Assert.Equal("1999", old.Fields["year"]);
    }

    [Fact]
    public async Task JsonLdFollowsTheWebAnnotationModel()
    {
        var (response, body) = await ExportAsync("jsonld");

        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonDocument.Parse(body).RootElement;
        Assert.Equal("http://www.w3.org/ns/anno.jsonld", document.GetProperty("@context").GetString());
        Assert.Equal("AnnotationCollection", document.GetProperty("type").GetString());
        var items = document.GetProperty("first").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(document.GetProperty("total").GetInt32(), items.Count);
        Assert.Equal(3, items.Count);
        foreach (var annotation in items)
        {
            Assert.Equal("Annotation", annotation.GetProperty("type").GetString());
            Assert.True(Uri.IsWellFormedUriString(annotation.GetProperty("id").GetString(), UriKind.Absolute));
            Assert.Contains(annotation.GetProperty("motivation").GetString(), new[] { "highlighting", "commenting" });
            Assert.Equal("https://huggingface.co/papers/2403.12345", annotation.GetProperty("target").GetProperty("source").GetString());
        }
        var highlight = items.Single(a => a.GetProperty("motivation").GetString() == "highlighting");
        var selectors = highlight.GetProperty("target").GetProperty("selector").EnumerateArray().ToList();
        var quote = selectors.Single(s => s.GetProperty("type").GetString() == "TextQuoteSelector");
        Assert.Equal("geometric mean speedup", quote.GetProperty("exact").GetString());
        Assert.Equal("LOOPer achieves a ", quote.GetProperty("prefix").GetString());
        var position = selectors.Single(s => s.GetProperty("type").GetString() == "TextPositionSelector");
        Assert.Equal(37, position.GetProperty("start").GetInt32());
        Assert.Equal(59, position.GetProperty("end").GetInt32());
        Assert.False(highlight.TryGetProperty("body", out _));
        var note = items.Single(a => a.TryGetProperty("body", out var b) && b.GetProperty("value").GetString() == "Name **clash**?");
        Assert.Equal("commenting", note.GetProperty("motivation").GetString());
        Assert.Equal("TextualBody", note.GetProperty("body").GetProperty("type").GetString());
        Assert.Contains(items, a => a.TryGetProperty("body", out var b) && b.GetProperty("value").GetString() == "Read {section} 3");
    }

    [Fact]
    public async Task CslJsonListsEachPaperAsAnArticleWithAuthorsAndDate()
    {
        var (response, body) = await ExportAsync("csljson");

        Assert.Equal("application/vnd.citationstyles.csl+json", response.Content.Headers.ContentType?.MediaType);
        var items = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        var looper = items.Single(i => i.GetProperty("number").GetString() == "2403.12345");
        Assert.Equal("article", looper.GetProperty("type").GetString());
        Assert.Equal("Merouani", looper.GetProperty("author")[0].GetProperty("family").GetString());
        Assert.Equal("Massinissa", looper.GetProperty("author")[0].GetProperty("given").GetString());
        Assert.Equal("[[2024,3,19]]", looper.GetProperty("issued").GetProperty("date-parts").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal("10.48550/arXiv.2403.12345", looper.GetProperty("DOI").GetString());
    }

    [Fact]
    public async Task MarkdownHasFrontMatterASectionPerPaperAndHighlightsAsQuotes()
    {
        var (response, md) = await ExportAsync("markdown");

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("---\ntitle: \"Reading group\"\n", md);
        Assert.Equal(3, md.Split('\n').Count(l => l.StartsWith("## ")));
        Assert.Contains("> geometric mean speedup\n", md);
        Assert.Contains("Name **clash**?", md);
        Assert.Contains("### Note\n\nRead {section} 3", md);
    }

    [Fact]
    public async Task ANoteThatClosesItsBibTexFieldParsesBackInsideItAndAddsNoEntry()
    {
        await _app.CatalogAsync(new CapturedPaper("2403.77777", "Closing \\} early}, note = {x}", "", true, ["Mallory"]));
        await _alice.PutItemAsync(_collection, "2403.77777", new { note = HostileNote });

        var (_, bib) = await ExportAsync("bibtex");

        var entries = BibTexReader.Parse(bib);
        Assert.Equal(["2403.12345", "2403.54321", "2403.77777", "hep-th/9901001"], entries.Select(e => e.Fields["eprint"]).Order());
        var hostile = entries.Single(e => e.Fields["eprint"] == "2403.77777");
        // Line breaks become spaces; the rest reads back as written, inside its own field.
        Assert.Equal(HostileNote.ReplaceLineEndings(" "), hostile.Fields["annote"]);
        Assert.Equal("{Closing \\} early}, note = {x}}", hostile.Fields["title"]);
    }

    [Fact]
    public async Task MarkdownShowsTitlesAndAuthorsAsWrittenWithoutLinksOrMarkup()
    {
        await _app.CatalogAsync(new CapturedPaper("2403.99999", "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **loud**", "",
            true, ["<script>alert(2)</script>", "- Eve"]));
        await _alice.PutItemAsync(_collection, "2403.99999", new { note = "" });

        var (_, md) = await ExportAsync("markdown");

        var html = Markdig.Markdown.ToHtml(md);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("img, script, a[href^=javascript]"));
        var heading = document.QuerySelectorAll("h2").Single(h => h.TextContent.Contains("click"));
        Assert.Empty(heading.Children);
        Assert.Equal("<img src=x onerror=alert(1)> [click](javascript:alert(1)) **loud**", heading.TextContent);
        Assert.Contains("<script>alert(2)</script>, - Eve", document.Body!.TextContent);
    }

    [Fact]
    public async Task PapersNarrowTheExportToWhatTheReadersFiltersShow()
    {
        var response = await _bob.GetAsync($"/api/libraries/{_collection}/export?format=bibtex&papers=2403.54321,hep-th/9901001");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = BibTexReader.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["{LOOPer Revisited}", "{Old Strings}"], entries.Select(e => e.Fields["title"]).Order());

        var markdown = await (await _bob.GetAsync($"/api/libraries/{_collection}/export?format=markdown&papers=2403.12345")).Content.ReadAsStringAsync();
        Assert.Contains("geometric mean speedup", markdown);
        Assert.DoesNotContain("LOOPer Revisited", markdown);
        await (await _bob.GetAsync($"/api/libraries/{_collection}/export?format=bibtex&papers=2403.12345,not-an-id"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }

    [Fact]
    public async Task AnUnknownFormatIsAProblemAndOutsidersGet404()
    {
        await (await _bob.GetAsync($"/api/libraries/{_collection}/export?format=docx")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        var carol = await _app.KnownUserAsync("carol");
        await (await carol.GetAsync($"/api/libraries/{_collection}/export?format=bibtex")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        // The personal library exports too.
        var personal = await _alice.PersonalLibraryAsync();
        await _alice.PutItemAsync(personal, "2403.12345", new { status = "reading", tags = new[] { "compilers" } });
        var md = await (await _alice.GetAsync($"/api/libraries/{personal}/export?format=markdown")).Content.ReadAsStringAsync();
        Assert.Contains("- **Status:** reading", md);
    }
}

/// <summary>
/// A small BibTeX reader: entries of <c>name = {balanced value}</c> fields, TeX escapes undone. Braces count as BibTeX
/// counts them, backslash or not: <c>\}</c> closes a value.
/// </summary>
internal static class BibTexReader
{
    public sealed record Entry(string Type, string Key, Dictionary<string, string> Fields);

    public static List<Entry> Parse(string text)
    {
        var entries = new List<Entry>();
        var i = 0;
        while ((i = text.IndexOf('@', i)) >= 0)
        {
            var open = text.IndexOf('{', i);
            var type = text[(i + 1)..open];
            var comma = text.IndexOf(',', open);
            var key = text[(open + 1)..comma].Trim();
            var fields = new Dictionary<string, string>();
            i = comma + 1;
            while (true)
            {
                while (char.IsWhiteSpace(text[i]) || text[i] == ',') i++;
                if (text[i] == '}') { i++; break; }
                var equals = text.IndexOf('=', i);
                var name = text[i..equals].Trim();
                i = text.IndexOf('{', equals);
                var (value, end) = Braced(text, i);
                fields[name] = value;
                i = end;
            }
            entries.Add(new Entry(type, key, fields));
        }
        return entries;
    }

    /// <summary>The value inside the braces at <paramref name="start"/>, unescaped, and the index after them.</summary>
    private static (string Value, int End) Braced(string text, int start)
    {
        var value = new StringBuilder();
        var depth = 0;
        for (var i = start; ; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                var command = new string([.. text.Skip(i + 1).TakeWhile(char.IsLetter)]);
                if (command.Length == 0)
                {
                    if (text[i + 1] is '{' or '}') continue;
                    value.Append(text[i + 1]);
                    i++;
                    continue;
                }
                value.Append(command switch
                {
                    "textbackslash" => '\\', "textasciitilde" => '~', "textasciicircum" => '^',
                    "textbraceleft" => '{', "textbraceright" => '}', _ => '?',
                });
                i += command.Length + (text.AsSpan(i + 1 + command.Length).StartsWith("{}") ? 2 : 0);
                continue;
            }
            if (c == '{' && depth++ == 0) continue;
            if (c == '}' && --depth == 0) return (value.ToString(), i + 1);
            value.Append(c);
        }
    }
}
