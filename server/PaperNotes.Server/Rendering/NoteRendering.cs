using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;
using Microsoft.Extensions.Caching.Memory;

namespace PaperNotes.Server.Rendering;

/// <summary>Turns a note's Markdown into HTML that is safe to put in any page the server shows.</summary>
public interface INoteRenderer
{
    /// <summary>Sanitised HTML for <paramref name="markdown"/>; empty for an empty note. Never throws.</summary>
    string RenderHtml(string? markdown);
}

/// <summary>
/// The one place notes become HTML: Markdig with raw HTML disabled (it is escaped, not passed through), then
/// HtmlSanitizer, which removes what Markdown itself can still produce, such as <c>javascript:</c> links.
/// Public pages and HTML exports call this; nothing else renders notes.
/// </summary>
/// <remarks>
/// Any editor writes notes that anonymous readers make the server render, so rendering must stay cheap and must not
/// fail: a note past <see cref="MarkdownBounds"/> (the shapes that make Markdig slow or throw) or one Markdig still
/// refuses is shown as escaped plain text, and each distinct note is rendered once and then served from a cache
/// bounded in size.
/// </remarks>
internal sealed class MarkdownNoteRenderer : INoteRenderer, IDisposable
{
    /// <summary>Characters of rendered HTML the cache holds at most (about 32 MB).</summary>
    internal const long CacheSizeLimit = 16 * 1024 * 1024;

    // No generic-attributes extension: `{onclick=…}` would let a note write attributes.
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = CacheSizeLimit });

    public string RenderHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
        if (_rendered.TryGetValue(key, out string? html)) return html!;
        html = Render(markdown);
        _rendered.Set(key, html, new MemoryCacheEntryOptions { Size = Math.Max(1, html.Length) });
        return html;
    }

    private string Render(string markdown)
    {
        if (!MarkdownBounds.Allow(markdown)) return PlainText(markdown);
        try
        {
            var document = Markdown.Parse(markdown, _pipeline);
            // The sanitiser costs some 40 µs an element: a note of thousands of links or code spans would take seconds.
            if (document.Descendants().Take(MarkdownBounds.MaxElements + 1).Count() > MarkdownBounds.MaxElements)
                return PlainText(markdown);
            return _sanitizer.Sanitize(document.ToHtml(_pipeline));
        }
        // Markdig refuses input nested past its depth limit with ArgumentException; whatever it throws on a note
        // must not take down the page that shows it.
        catch (Exception)
        {
            return PlainText(markdown);
        }
    }

    /// <summary>The note as the text it is: escaped, its line breaks kept, in one paragraph.</summary>
    internal static string PlainText(string markdown) =>
        "<p class=\"plain\">" + WebUtility.HtmlEncode(markdown).Replace("\r\n", "\n").Replace("\n", "<br>\n") + "</p>";

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        // Links in notes lead off-site: no referrer, no window.opener, no ranking credit.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href"))
                link.SetAttribute("rel", "nofollow noopener noreferrer");
        };
        return sanitizer;
    }

    public void Dispose() => _rendered.Dispose();
}

/// <summary>
/// A linear scan that refuses the Markdown shapes whose parsing or output grows much faster than the note: deep block
/// nesting (quotes, lists), deep brackets, long runs of emphasis delimiters in one paragraph, and tables with more
/// cells than a person writes. Such a note is shown as plain text instead. <see cref="MaxElements"/> bounds the parsed
/// note before it is turned into HTML and sanitised.
/// </summary>
internal static class MarkdownBounds
{
    /// <summary>Blocks and inlines one note may render to.</summary>
    public const int MaxElements = 2000;

    /// <summary>Quote and list levels one line may open (Markdig itself gives up at 128, after much work).</summary>
    public const int MaxBlockDepth = 16;

    /// <summary>Unclosed <c>[</c> or <c>(</c> at any point.</summary>
    public const int MaxBracketDepth = 32;

    /// <summary><c>*</c>, <c>_</c> and <c>~</c> in one paragraph.</summary>
    public const int MaxDelimitersPerParagraph = 1024;

    /// <summary><c>|</c> in one line, and in all of a note's lines together.</summary>
    public const int MaxPipesPerLine = 64;

    public const int MaxPipes = 4096;

    public static bool Allow(string markdown)
    {
        int squares = 0, parens = 0, delimiters = 0, pipes = 0;
        foreach (var line in markdown.AsSpan().EnumerateLines())
        {
            if (line.IsWhiteSpace()) delimiters = 0;
            if (BlockDepth(line) > MaxBlockDepth) return false;
            var linePipes = 0;
            foreach (var c in line)
            {
                switch (c)
                {
                    case '[': if (++squares > MaxBracketDepth) return false; break;
                    case ']': squares = Math.Max(0, squares - 1); break;
                    case '(': if (++parens > MaxBracketDepth) return false; break;
                    case ')': parens = Math.Max(0, parens - 1); break;
                    case '*' or '_' or '~': if (++delimiters > MaxDelimitersPerParagraph) return false; break;
                    case '|': if (++linePipes > MaxPipesPerLine || ++pipes > MaxPipes) return false; break;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// How many containers the start of <paramref name="line"/> can open: each <c>&gt;</c> or list marker, and when
    /// there is one, each two columns of indentation (the least a nested list item needs). Indented code opens none.
    /// </summary>
    private static int BlockDepth(ReadOnlySpan<char> line)
    {
        int markers = 0, columns = 0, i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == ' ') columns++;
            else if (c == '\t') columns += 4;
            else if (c == '>') markers++;
            else if (c is '-' or '+' or '*' && i + 1 < line.Length && line[i + 1] is ' ' or '\t') markers++;
            else if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < line.Length && char.IsAsciiDigit(line[end])) end++;
                if (end + 1 < line.Length && line[end] is '.' or ')' && line[end + 1] is ' ' or '\t')
                {
                    markers++;
                    i = end;
                }
                else break;
            }
            else break;
            i++;
        }
        return markers == 0 ? 0 : markers + columns / 2;
    }
}

public static class NoteRenderingExtensions
{
    /// <summary>The single Markdown-to-HTML renderer for notes (thread-safe, shared).</summary>
    public static IServiceCollection AddNoteRendering(this IServiceCollection services) =>
        services.AddSingleton<INoteRenderer, MarkdownNoteRenderer>();
}
