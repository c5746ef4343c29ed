using System.Globalization;
using System.Text;
using System.Text.Json;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Exports;

/// <summary>
/// One Markdown file for Obsidian and friends: YAML front matter, one section per paper with its links, the library's
/// note, each highlight as a quote followed by its comment, and the abstract in a collapsed callout.
/// </summary>
public static class MarkdownExport
{
    public const string ContentType = "text/markdown; charset=utf-8";

    public static string Write(LibraryContents contents, DateTimeOffset exportedAt)
    {
        var library = contents.Library;
        var md = new StringBuilder();
        md.Append("---\n")
            .Append("title: ").Append(Yaml(library.Name)).Append('\n')
            .Append("source: PaperNotes ").Append(library.Kind == LibraryKinds.Collection ? "collection" : "library").Append('\n')
            .Append("library: ").Append(Yaml(library.Id)).Append('\n')
            .Append("exported: ").Append(exportedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append('\n')
            .Append("papers: ").Append(contents.Papers.Count).Append('\n')
            .Append("tags:\n  - papernotes\n---\n\n")
            .Append("# ").Append(Text(library.Name)).Append("\n\n");
        if (library.Description.Length > 0) md.Append(library.Description.Trim()).Append("\n\n");

        foreach (var paper in contents.Papers)
        {
            md.Append("## ").Append(Text(paper.Title)).Append("\n\n");
            md.Append("- **arXiv:** [").Append(paper.PaperId).Append("](").Append(paper.ArxivUrl).Append(") · [Hugging Face](")
                .Append(paper.SourceUrl).Append(")\n");
            if (paper.Paper?.Authors is { Count: > 0 } authors) md.Append("- **Authors:** ").Append(Text(string.Join(", ", authors))).Append('\n');
            if (paper.Paper?.PublishedAt is { } published) md.Append("- **Published:** ").Append(published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            if (paper.Item is { } item)
            {
                if (item.Status is { } status) md.Append("- **Status:** ").Append(status).Append(item.Starred == true ? " ★" : "").Append('\n');
                if (item.Tags is { Count: > 0 } tags)
                    md.Append("- **Tags:** ").Append(string.Join(" ", tags.Select(t => "#" + Text(string.Join('-', t.Split(' ', StringSplitOptions.RemoveEmptyEntries)))))).Append('\n');
                if (item.AddedBy is { } addedBy)
                    md.Append("- **Added by:** ").Append(Text(addedBy)).Append(" on ").Append(paper.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            }
            md.Append('\n');
            if (paper.Item?.Note is { Length: > 0 } note) md.Append("### Note\n\n").Append(note.Trim()).Append("\n\n");
            if (paper.Annotations.Count > 0)
            {
                md.Append("### Highlights and notes\n\n");
                foreach (var annotation in paper.Annotations)
                {
                    var exact = annotation.Target.Selectors.FirstOrDefault(s => s.Type == "TextQuoteSelector")?.Exact;
                    if (exact is not null) md.Append("> ").Append(Text(exact)).Append("\n\n");
                    if (annotation.Body.Length > 0) md.Append(annotation.Body.Trim()).Append("\n\n");
                    md.Append("<small>").Append(annotation.Kind).Append(" by ").Append(Text(annotation.CreatedBy)).Append(", ")
                        .Append(annotation.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</small>\n\n");
                }
            }
            if (paper.Paper?.Abstract is { Length: > 0 } abstractText)
                md.Append("> [!abstract]- Abstract\n> ").Append(Text(abstractText)).Append("\n\n");
        }
        return md.ToString();
    }

    /// <summary>A YAML double-quoted scalar (JSON's string syntax is valid YAML).</summary>
    private static string Yaml(string text) => JsonSerializer.Serialize(text, ExportJson.Options);

    /// <summary>
    /// Text from papers and people (titles, authors, names, quotes) on one line and shown as written: Markdown's
    /// punctuation backslash-escaped and HTML's entity-escaped, so a title can neither link nor inject markup.
    /// </summary>
    internal static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in OneLine(text))
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '!' or '|' or '~' or '{' or '}':
                    escaped.Append('\\').Append(c);
                    break;
                default: escaped.Append(c); break;
            }
        }
        // A list marker only counts at the start: "- x", "+ x", "1. x" after "> " would make a list.
        var digits = 0;
        while (digits < escaped.Length && char.IsAsciiDigit(escaped[digits])) digits++;
        if (digits == 0 && escaped.Length > 0 && escaped[0] is '-' or '+') escaped.Insert(0, '\\');
        else if (digits > 0 && digits < escaped.Length && escaped[digits] is '.' or ')') escaped.Insert(digits, '\\');
        return escaped.ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
