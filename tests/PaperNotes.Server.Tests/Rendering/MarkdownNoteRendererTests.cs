using AngleSharp.Html.Parser;
using PaperNotes.Server.Rendering;

namespace PaperNotes.Server.Tests.Rendering;

public class MarkdownNoteRendererTests
{
    private readonly MarkdownNoteRenderer _renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Hi <img src=x onerror=\"alert(1)\"> there")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("![pic](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">x</a>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void ANoteThatTriesToInjectScriptRendersWithoutIt(string markdown)
    {
        var html = _renderer.RenderHtml(markdown);

        using var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        var elements = document.Body!.QuerySelectorAll("*");
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "iframe" or "svg" or "object" or "embed");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name is "href" or "src"
            && !a.Value.StartsWith("http://", StringComparison.Ordinal) && !a.Value.StartsWith("https://", StringComparison.Ordinal)
            && !a.Value.StartsWith("mailto:", StringComparison.Ordinal)));
    }

    [Fact]
    public void MarkdownStillRendersAndLinksLeaveSafely()
    {
        var html = _renderer.RenderHtml("Key claim, **check** Table 2. See [the paper](https://arxiv.org/abs/2403.12345).\n\n- one\n- two");

        Assert.Contains("<strong>check</strong>", html);
        Assert.Contains("<li>one</li>", html);
        Assert.Contains("<a href=\"https://arxiv.org/abs/2403.12345\" rel=\"nofollow noopener noreferrer\">the paper</a>", html);
    }

    [Fact]
    public void AnEmptyNoteRendersNothing() => Assert.Equal("", _renderer.RenderHtml("  "));

    /// <summary>Notes an editor wrote to make Markdig slow or throw (issue 20), each under the 64 KB note limit.</summary>
    public static TheoryData<string, string> HostileNotes() => new()
    {
        { "wide table", new string('|', 20000) + "\n" + string.Concat(Enumerable.Repeat("|-", 10000)) + "\n" + string.Concat(Enumerable.Repeat("|a", 10000)) },
        { "deep quote", new string('>', 32000) + " x" },
        { "deep brackets", new string('[', 30000) },
        { "deep parentheses", string.Concat(Enumerable.Repeat("[a](", 10000)) },
        { "emphasis", string.Concat(Enumerable.Repeat("*a ", 20000)) },
        { "deep list", string.Concat(Enumerable.Range(0, 250).Select(i => new string(' ', i * 2) + "- x\n")) },
        { "list markers", string.Concat(Enumerable.Repeat("- ", 16000)) + "x" },
        { "many links", string.Concat(Enumerable.Repeat("[a](https://a.example) ", 2800)) },
        { "many code spans", string.Concat(Enumerable.Repeat("`a` ", 16000)) },
    };

    [Theory]
    [MemberData(nameof(HostileNotes))]
    public void AHostileNoteIsShownAsItsEscapedTextQuickly(string shape, string markdown)
    {
        // No timing assertion (performance belongs in bench/): before the bounds these shapes threw or produced
        // Markdig's markup after seconds to minutes, so the escaped-text answer is what proves the bound held.
        var html = _renderer.RenderHtml(markdown + "<b>tail</b>");

        Assert.True(html.Length > 0, shape);
        Assert.StartsWith("<p class=\"plain\">", html);
        Assert.EndsWith("&lt;b&gt;tail&lt;/b&gt;</p>", html);
    }

    [Fact]
    public void TablesQuotesAndListsWithinTheBoundsStillRender()
    {
        var html = _renderer.RenderHtml("| a | b |\n|---|---|\n| 1 | 2 |\n\n> > quoted\n\n- one\n  - two\n");

        Assert.Contains("<table>", html);
        Assert.Contains("<td>2</td>", html);
        Assert.Contains("<blockquote>", html);
        Assert.Contains("<li>two</li>", html);
    }

    [Fact]
    public void AnIndentedCodeBlockIsNotTakenForNesting()
    {
        var html = _renderer.RenderHtml("Code:\n\n" + new string(' ', 60) + "deeply_indented()\n");

        Assert.Contains("<pre><code>", html);
    }
}
