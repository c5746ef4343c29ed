using System.Text;

namespace PaperNotes.Server.Exports;

/// <summary>
/// BibTeX as arXiv itself exports it: one <c>@misc</c> entry per paper with <c>eprint</c>, <c>archivePrefix = {arXiv}</c>,
/// the arXiv DOI and URL; the library's note on the paper goes in <c>annote</c>.
/// </summary>
public static class BibTexExport
{
    public const string ContentType = "application/x-bibtex; charset=utf-8";

    public static string Write(LibraryContents contents)
    {
        var keys = CitationKeys.Assign(contents.Papers);
        var bib = new StringBuilder();
        bib.Append("% ").Append(Escape(contents.Library.Name)).Append(", exported from PaperNotes\n\n");
        foreach (var paper in contents.Papers)
        {
            bib.Append("@misc{").Append(keys[paper.PaperId]).Append(",\n");
            // Double braces keep the title's capitals (LoRA, BERT) whatever the bibliography style does.
            Field(bib, "title", "{" + Escape(paper.Title) + "}");
            if (paper.Paper?.Authors is { Count: > 0 } authors)
                Field(bib, "author", string.Join(" and ", authors.Select(a => Escape(a.Trim()))));
            if (CitationKeys.Year(paper) is { } year) Field(bib, "year", year.ToString());
            Field(bib, "eprint", Escape(paper.PaperId));
            Field(bib, "archivePrefix", "arXiv");
            Field(bib, "doi", "10.48550/arXiv." + Escape(paper.PaperId));
            Field(bib, "url", Escape(paper.ArxivUrl));
            if (paper.Paper?.Abstract is { Length: > 0 } abstractText) Field(bib, "abstract", Escape(abstractText));
            if (paper.Item?.Note is { Length: > 0 } note) Field(bib, "annote", Escape(note));
            bib.Length -= 2; // the last field's ",\n"
            bib.Append("\n}\n\n");
        }
        return bib.ToString();
    }

    private static void Field(StringBuilder bib, string name, string value) =>
        bib.Append("  ").Append(name).Append(" = {").Append(value).Append("},\n");

    /// <summary>
    /// Escapes TeX's special characters so every value is balanced and prints as written: braces become
    /// <c>\textbraceleft{}</c> and <c>\textbraceright{}</c> (BibTeX counts the brace in <c>\}</c>, so a note could close
    /// its field and write entries of its own), and line breaks a space (a blank line would end a paragraph).
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            escaped.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' => @"\textbraceleft{}",
                '}' => @"\textbraceright{}",
                '%' or '&' or '$' or '#' or '_' => "\\" + c,
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
