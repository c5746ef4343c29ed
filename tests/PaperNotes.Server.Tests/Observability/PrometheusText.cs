using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperNotes.Server.Tests.Observability;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4: every line is a <c># HELP</c>, a <c># TYPE</c>, a
/// comment or a sample; anything else fails the test. Independent of the exporter it checks.
/// </summary>
internal sealed partial class PrometheusText
{
    private PrometheusText(List<Sample> samples, Dictionary<string, string> types) => (Samples, Types) = (samples, types);

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Metric family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line == "# EOF") continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var match = TypeLine().Match(line);
                Assert.True(match.Success, $"Bad TYPE line: {line}");
                types.Add(match.Groups[1].Value, match.Groups[2].Value);
                continue;
            }
            if (line.StartsWith('#')) continue;
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"Bad sample line: {line}");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(sample.Groups[2].Value))
                labels.Add(label.Groups[1].Value, Regex.Unescape(label.Groups[2].Value));
            samples.Add(new Sample(sample.Groups[1].Value, labels, ParseValue(sample.Groups[3].Value)));
        }
        foreach (var sample in samples)
            Assert.True(types.Keys.Any(family => sample.Name == family || sample.Name.StartsWith(family + "_", StringComparison.Ordinal)),
                $"Sample {sample.Name} has no TYPE line.");
        return new PrometheusText(samples, types);
    }

    /// <summary>The sum over every sample of <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*"",?)*\})? (\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
