using System.Text;
using PaperNotes.Server.Capture;
using PaperNotes.Server.Papers;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>Pages built to hurt: the parser must answer, quickly, without throwing.</summary>
public class HostileHtmlTests
{
    /// <summary>Far above a real page (tens of milliseconds) yet short enough to call anything slower a hang.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    private static Task<IReadOnlyList<CapturedPaper>> ParseWithinBudget(string html, string url = SearchUrl)
    {
        Assert.True(PapersPageAddress.TryParse(url, out var page));
        return Task.Run(() => new HuggingFacePapersParser().ParseAsync(html, page, Today, maxPapers: 10_000)).WaitAsync(Budget);
    }

    private static string Card(string id, string title, string extra = "") =>
        $"""<article><div><h3><a href="/papers/{id}">{title}</a></h3><div><p>An abstract.</p></div>{extra}</div></article>""";

    [Fact]
    public async Task ScriptsAndEventHandlersNeverReachTheFields()
    {
        var html = "<html><body onload=\"alert(1)\"><script>document.write('<h3><a href=/papers/2501.99999>Injected</a></h3>')</script>"
            + Card("2501.00001", "Safe <script>alert('title')</script><img src=x onerror=\"alert(2)\"><style>h3{}</style>title",
                """<div><span>3 authors</span> <span>·</span> <span>Oct 13</span></div><a href="javascript:alert(3)//https://github.com/x/y">GitHub</a><a href="https://github.com/owner/repo" onclick="alert(4)">GitHub</a>""")
            + "</body></html>";

        var paper = Assert.Single(await ParseWithinBudget(html));

        Assert.Equal("2501.00001", paper.Id);
        Assert.Equal("Safe title", paper.Title);
        Assert.Equal("https://github.com/owner/repo", paper.GithubRepo);
    }

    [Fact]
    public async Task TenThousandNestedElementsParse()
    {
        const int depth = 10_000;
        var html = new StringBuilder("<html><body>");
        for (var i = 0; i < depth; i++) html.Append(i % 2 == 0 ? "<div>" : "<span>");
        html.Append(Card("2501.00002", "Deep inside"));
        for (var i = depth - 1; i >= 0; i--) html.Append(i % 2 == 0 ? "</div>" : "</span>");
        html.Append("</body></html>");

        var papers = await ParseWithinBudget(html.ToString());

        Assert.True(papers.Count <= 1);
    }

    [Fact]
    public async Task DeeplyNestedEmbeddedJsonFallsBackToTheCards()
    {
        var json = string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000));
        var html = $$"""<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:{{json}}}"></div>""" + Card("2501.00003", "From the card");

        var paper = Assert.Single(await ParseWithinBudget(html));

        Assert.Equal("From the card", paper.Title);
    }

    [Fact]
    public async Task FourMegabytesOfJunkGiveNoPapers()
    {
        var random = new Random(20261127);
        var pieces = new[] { "<", ">", "</", "<div", "<h3><a href=\"/papers/", "&#x", ";", "\"", "'", "=", "<!--", "-->", "<![CDATA[", "<script>", "<table><tr><td>", "\0", " " };
        var junk = new StringBuilder(CaptureApi.MaxHtmlBytes);
        while (junk.Length < CaptureApi.MaxHtmlBytes - 64)
            junk.Append(random.Next(4) == 0 ? pieces[random.Next(pieces.Length)] : (char)random.Next(32, 127));

        var papers = await ParseWithinBudget(junk.ToString());

        Assert.All(papers, p => Assert.True(PapersPageAddressIsValidId(p.Id)));
    }

    [Fact]
    public async Task BrokenEncodingsParse()
    {
        var lone = "\uD800 \uDFFF \uFFFE \0 \u0001";
        var mojibake = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Café — naïve"));
        var html = $"""<meta charset="x-no-such-charset"><meta http-equiv="Content-Type" content="text/html; charset=utf-7">"""
            + """<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[{&quot;paper&quot;:{&quot;id&quot;:&quot;2501.00004&quot;,&quot;title&quot;:&quot;\ud800 broken&quot;}}]}"></div>"""
            + Card("2501.00005", $"{lone} {mojibake} &#xD800; &#0; &#x110000; &bogus; +ADw-script+AD4-");

        var papers = await ParseWithinBudget(html);

        // The embedded paper's title cannot be read; the paper is still there without it.
        Assert.Null(Assert.Single(papers).Title);
        var fromCards = await ParseWithinBudget(WithoutEmbeddedJson(html, "DailyPapers"));
        Assert.StartsWith("2501.00005", Assert.Single(fromCards).Id);
        Assert.Contains("Caf", Assert.Single(fromCards).Title, StringComparison.Ordinal);
    }

    private static bool PapersPageAddressIsValidId(string id) => PapersPageAddress.TryParse($"https://huggingface.co/papers/{id}", out var page) && page.PaperId == id;
}
