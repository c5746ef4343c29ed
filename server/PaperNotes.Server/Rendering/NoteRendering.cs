using Ganss.Xss;
using Markdig;

namespace PaperNotes.Server.Rendering;

/// <summary>Turns a note's Markdown into HTML that is safe to put in any page the server shows.</summary>
public interface INoteRenderer
{
    /// <summary>Sanitised HTML for <paramref name="markdown"/>; empty for an empty note.</summary>
    string RenderHtml(string? markdown);
}

/// <summary>
/// The one place notes become HTML: Markdig with raw HTML disabled (it is escaped, not passed through), then
/// HtmlSanitizer, which removes what Markdown itself can still produce, such as <c>javascript:</c> links.
/// Public pages and HTML exports call this; nothing else renders notes.
/// </summary>
internal sealed class MarkdownNoteRenderer : INoteRenderer
{
    // No generic-attributes extension: `{onclick=…}` would let a note write attributes.
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string RenderHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

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
}

public static class NoteRenderingExtensions
{
    /// <summary>The single Markdown-to-HTML renderer for notes (thread-safe, shared).</summary>
    public static IServiceCollection AddNoteRendering(this IServiceCollection services) =>
        services.AddSingleton<INoteRenderer, MarkdownNoteRenderer>();
}
