using Microsoft.Extensions.Logging;

namespace PaperNotes.Server.Observability;

/// <summary>
/// Levels below which some categories may not log, whatever the configuration asks: their most talkative levels
/// quote secrets. OpenIddict's trace level names tokens' reference ids, and with reference access tokens
/// (Auth/AuthExtensions) a reference id is the access token itself. The host's "Request starting/finished" lines
/// quote the query string, which holds the access token of every browser's hub WebSocket; the HTTP server metrics
/// (Observability) count those requests instead.
/// </summary>
internal static class SecretFreeLogging
{
    private static readonly (string Category, LogLevel Floor)[] Floors =
    [
        ("OpenIddict", LogLevel.Debug),
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),
    ];

    /// <summary>
    /// Raises every rule of a floored category to its floor, and gives each provider that has rules (and the rules
    /// for all providers) one for the category when it has none, at the level it would otherwise get, floored.
    /// </summary>
    public static void Apply(LoggerFilterOptions filters)
    {
        foreach (var (category, floor) in Floors)
        {
            bool Covers(LoggerFilterRule rule) =>
                rule.CategoryName?.StartsWith(category, StringComparison.OrdinalIgnoreCase) == true;
            for (var i = 0; i < filters.Rules.Count; i++)
            {
                var rule = filters.Rules[i];
                if (Covers(rule) && rule.LogLevel is { } level && level < floor)
                    filters.Rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, floor, rule.Filter);
            }
            foreach (var provider in filters.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
            {
                if (filters.Rules.Any(r => r.ProviderName == provider && Covers(r))) continue;
                var inherited = filters.Rules.LastOrDefault(r => r.ProviderName == provider && r.CategoryName is null)?.LogLevel
                    ?? filters.Rules.LastOrDefault(r => r.ProviderName is null && Covers(r))?.LogLevel
                    ?? filters.Rules.LastOrDefault(r => r.ProviderName is null && r.CategoryName is null)?.LogLevel
                    ?? filters.MinLevel;
                filters.Rules.Add(new LoggerFilterRule(provider, category, inherited < floor ? floor : inherited, null));
            }
        }
    }
}
