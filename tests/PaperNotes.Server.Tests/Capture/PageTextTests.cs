using PaperNotes.Server.Capture;

namespace PaperNotes.Server.Tests.Capture;

public class PageTextTests
{
    [Theory]
    [InlineData("already normal", "already normal")]
    [InlineData("  padded\t", "padded")]
    [InlineData("arXiv\nline  wraps\u00A0and\ttabs", "arXiv line wraps and tabs")]
    [InlineData("first paragraph.\n  \n\nsecond\r\n\r\nthird", "first paragraph.\n\nsecond\n\nthird")]
    [InlineData(" \n\n ", null)]
    [InlineData("", null)]
    public void WhitespaceIsNormalisedAndParagraphsKept(string text, string? expected) =>
        Assert.Equal(expected, PageText.Normalize(text));

    [Theory]
    [InlineData("Published on Oct 4, 2026", 2025, "2026-10-04")]
    [InlineData("Oct 13", 2025, "2025-10-13")]
    [InlineData("Feb 30", 2025, null)]
    [InlineData("yesterday", 2025, null)]
    public void DatesWithoutAYearTakeTheOneGiven(string text, int year, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected), PageText.ParseDate(text, year));

    [Theory]
    [InlineData("/papers/2403.12345", "2403.12345")]
    [InlineData("https://huggingface.co/papers/2403.12345v2#community", "2403.12345")]
    [InlineData("/papers/hep-th/9901001", "hep-th/9901001")]
    [InlineData("/papers/trending", null)]
    [InlineData("/papers/date/2025-10-28", null)]
    [InlineData("https://evil.example/papers/2403.12345", null)]
    public void PaperIdsComeFromPaperLinksOnly(string href, string? expected) =>
        Assert.Equal(expected, PageText.PaperIdFromHref(href));
}
