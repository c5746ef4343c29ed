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
}
