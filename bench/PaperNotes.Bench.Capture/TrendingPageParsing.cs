using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using PaperNotes.Server.Capture;

namespace PaperNotes.Bench.Capture;

/// <summary>
/// The capture of the real trending page (1.5 MB, 50 papers) beside AngleSharp's bare <c>ParseDocument</c> of the same
/// HTML, in the same run: the Ratio column is what our extraction adds. <c>DomOnly</c> strips the embedded JSON so the
/// capture reads the 100 card copies instead.
/// </summary>
public class TrendingPageParsing
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private readonly HuggingFacePapersParser _parser = new();
    private PapersPageAddress _page = null!;
    private string _html = "";

    [Params("EmbeddedJson", "DomOnly")]
    public string Page { get; set; } = "EmbeddedJson";

    [GlobalSetup]
    public void Load()
    {
        var html = File.ReadAllText(FindTrendingPage());
        _html = Page == "DomOnly"
            ? Regex.Replace(html, "(data-target=\"DailyPapers\") data-props=\"[^\"]*\"", "$1")
            : html;
        PapersPageAddress.TryParse("https://huggingface.co/papers/trending", out _page);
        if (_parser.Parse(_html, _page, Today).Count != 50) throw new InvalidOperationException("The capture lost papers.");
    }

    [Benchmark(Baseline = true)]
    public int AngleSharpParseDocument()
    {
        using var document = new HtmlParser().ParseDocument(_html);
        return document.ChildNodes.Length;
    }

    [Benchmark]
    public int PaperNotesCapture() => _parser.Parse(_html, _page, Today).Count;

    private static string FindTrendingPage()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "PaperNotes.sln")))
                return Path.Combine(folder.FullName, "tests", "fixtures", "hf-trending-2026.html");
        throw new InvalidOperationException("Run from inside the repository (tests/fixtures holds the page).");
    }
}
