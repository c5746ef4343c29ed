using System.Text.RegularExpressions;

namespace PaperNotes.Server.Library;

/// <summary>arXiv identifiers (SPEC §1): new style <c>2403.12345</c> and old style <c>hep-th/9901001</c>.</summary>
public static partial class PaperIds
{
    public const string Rule = "an arXiv id such as 2403.12345 or hep-th/9901001";

    /// <summary>The canonical id (version suffix dropped, old-style archive lower case), or null when it is not one.</summary>
    public static string? Normalize(string? raw)
    {
        if (raw is null) return null;
        var match = ArxivId().Match(raw.Trim());
        if (!match.Success) return null;
        if (match.Groups["new"].Success) return match.Groups["new"].Value;
        var subject = match.Groups["subject"].Success ? "." + match.Groups["subject"].Value.ToUpperInvariant() : "";
        return match.Groups["archive"].Value.ToLowerInvariant() + subject + "/" + match.Groups["number"].Value;
    }

    // New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on). Old style: archive[.SC]/YYMMNNN, where the longest
    // archives are names like chao-dyn or supr-con: bounded, an id stays a short key (LiteDB refuses index keys of
    // 1 KB or more, which made a 2,000-character archive a 500).
    [GeneratedRegex(@"^(?:(?<new>\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})|(?<archive>[a-z]{1,12}(?:-[a-z]{1,12})?)(?:\.(?<subject>[a-z]{2}))?/(?<number>\d{2}(?:0[1-9]|1[0-2])\d{3}))(?:v\d+)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivId();
}
