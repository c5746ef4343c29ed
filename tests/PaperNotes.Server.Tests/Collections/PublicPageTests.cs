using System.Net;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using static PaperNotes.Server.Tests.Collections.CollectionCalls;

namespace PaperNotes.Server.Tests.Collections;

/// <summary><c>GET /c/{token}</c>: a public, read-only, script-free page of a collection while its link is on.</summary>
public sealed class PublicPageTests : IAsyncLifetime
{
    private const string PaperId = "2403.12345";
    private const string Abstract = "We present LOOPer,   a learned\n cost model. LOOPer achieves a geometric mean speedup of 1.84x over the baseline.";

    private readonly PaperNotesApplication _app = new();
    private HttpClient _alice = null!;
    private string _collection = null!;

    public async Task InitializeAsync()
    {
        await _app.CatalogAsync(new CapturedPaper(PaperId, "LOOPer: A Learned Automatic Code Optimizer", Abstract, true,
            ["Massinissa Merouani", "Riyadh Baghdadi"], PublishedAt: new DateOnly(2024, 3, 19)));
        _alice = await _app.KnownUserAsync("alice");
        _collection = (await _alice.CreateCollectionAsync("Compilers <reading> group", "Learned optimizers")).GetProperty("id").GetString()!;
        await _alice.PutItemAsync(_collection, PaperId, new { note = "Read **section 3** first.\n\n<script>alert('note')</script> [x](javascript:alert(1))" });
        // Offsets over the normalised abstract, as the extension computes them.
        var normalized = "We present LOOPer, a learned cost model. LOOPer achieves a geometric mean speedup of 1.84x over the baseline.";
        var start = normalized.IndexOf("geometric mean speedup", StringComparison.Ordinal);
        var put = await _alice.PutAsync($"/api/libraries/{_collection}/annotations/{Guid.NewGuid()}",
            Highlight(PaperId, "geometric mean speedup", "LOOPer achieves a ", " of 1.84x", start, body: "Key claim <img src=x onerror=alert(2)>"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnonymousReadersSeeTheNoteAndTheHighlightMarkedInTheAbstract()
    {
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;
        Assert.Matches("^/c/[A-Za-z0-9_-]{43}$", url);

        var response = await _app.AnonymousClient().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<strong>section 3</strong>", html);
        Assert.Contains("<mark class=\"hl-yellow\">geometric mean speedup</mark> of 1.84x", html);
        Assert.Contains("LOOPer: A Learned Automatic Code Optimizer", html);
        Assert.Contains("Compilers &lt;reading&gt; group", html);
        Assert.Contains("Key claim", html);
    }

    [Fact]
    public async Task ThePageCarriesNoScriptEvenWhenANoteTriedToInjectOne()
    {
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;

        var response = await _app.AnonymousClient().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => !a.GetAttribute("href")!.StartsWith("https://"));
        // The attempts are shown as the text they are.
        Assert.Contains("&lt;script&gt;", html);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task TheDescriptionIsMarkdownAsNotesAreAndSanitised()
    {
        var url = (await _alice.PatchCollectionAsync(_collection,
            new { publicLink = true, description = "Papers on **agents** <script>alert(3)</script>" })).GetProperty("publicUrl").GetString()!;

        var html = await (await _app.AnonymousClient().GetAsync(url)).Content.ReadAsStringAsync();

        var description = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector(".desc")!;
        Assert.Equal("agents", description.QuerySelector("strong")?.TextContent);
        Assert.DoesNotContain("**", description.TextContent);
        Assert.Empty(description.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task ThePageIsNotIndexedAndHasOpenGraphTags()
    {
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;

        var response = await _app.AnonymousClient().GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("<meta name=\"robots\" content=\"noindex, nofollow\">", html);
        Assert.Contains("<meta property=\"og:title\" content=\"Compilers &lt;reading&gt; group\">", html);
        Assert.Contains("<meta property=\"og:description\" content=\"Learned optimizers\">", html);
        Assert.Contains($"<meta property=\"og:url\" content=\"{_app.BaseAddress.GetLeftPart(UriPartial.Authority)}{url}\">", html);
        Assert.Contains("prefers-color-scheme:dark", html);
    }

    [Fact]
    public async Task TurningTheLinkOffMakesIt404()
    {
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;
        var off = await _alice.PatchCollectionAsync(_collection, new { publicLink = false });

        Assert.Equal(System.Text.Json.JsonValueKind.Null, off.GetProperty("publicUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.AnonymousClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task RotatingTheLinkRetiresTheOldTokenAndTheNewOneWorks()
    {
        var old = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;
        var rotated = (await _alice.PatchCollectionAsync(_collection, new { rotateLink = true })).GetProperty("publicUrl").GetString()!;

        Assert.NotEqual(old, rotated);
        var anonymous = _app.AnonymousClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(rotated)).StatusCode);
        // A guess that differs only in letter case is another token, not a match.
        var flipped = "/c/" + new string([.. rotated[3..].Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(flipped)).StatusCode);
    }

    [Fact]
    public async Task DeletingTheCollectionTakesItsPageDown()
    {
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/api/collections/{_collection}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _app.AnonymousClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task APageOfHostileNotesAnswersQuicklyAndShowsThemAsText()
    {
        // The notes of issue 20: before, one made the page answer 500 and the tables took half a minute a view.
        string[] notes =
        [
            new string('|', 20000) + "\n" + string.Concat(Enumerable.Repeat("|-", 10000)) + "\n" + string.Concat(Enumerable.Repeat("|a", 10000)),
            new string('>', 32000) + " x",
            new string('[', 30000),
            new string('*', 30000),
            string.Concat(Enumerable.Range(0, 250).Select(i => new string(' ', i * 2) + "- x\n")),
        ];
        for (var i = 0; i < notes.Length; i++)
        {
            var id = $"2403.1235{i}";
            await _app.CatalogAsync(new CapturedPaper(id, $"Hostile {i}", "", true, ["Mallory"]));
            await _alice.PutItemAsync(_collection, id, new { note = notes[i] });
        }
        var url = (await _alice.PatchCollectionAsync(_collection, new { publicLink = true })).GetProperty("publicUrl").GetString()!;
        var anonymous = _app.AnonymousClient();

        for (var view = 0; view < 2; view++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(view == 0 ? 3 : 1));
            using var response = await anonymous.GetAsync(url, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(timeout.Token);
            Assert.Contains("&gt;&gt;&gt;&gt; x", html);
            Assert.Contains("<strong>section 3</strong>", html);
        }
    }
}
