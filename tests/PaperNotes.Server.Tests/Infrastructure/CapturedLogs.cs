using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps everything a log line could carry to a file or a collector: category, message,
/// every structured property, every scope and the exception with its inner ones.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Every entry as text, one after another.</summary>
    public string AllText() => string.Join('\n', _entries.Select(e => e.Text));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            var scopeValues = new Dictionary<string, string?>();
            AppendProperties(text, state);
            owner._scopes.ForEachScope((scope, line) =>
            {
                line.Append(" => ").Append(scope);
                AppendProperties(line, scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs) scopeValues[key] = value?.ToString();
            }, text);
            for (var inner = exception; inner is not null; inner = inner.InnerException) text.Append('\n').Append(inner);
            owner._entries.Enqueue(new CapturedLog(logLevel, category, text.ToString(), scopeValues));
        }

        private static void AppendProperties(StringBuilder text, object? state)
        {
            if (state is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
            foreach (var (key, value) in pairs)
            {
                text.Append(' ').Append(key).Append('=');
                text.Append(value is System.Collections.IEnumerable list and not string
                    ? string.Join(',', list.Cast<object?>())
                    : value);
            }
        }
    }
}

/// <summary>One captured log entry; <see cref="Scopes"/> holds the structured values of its scopes (TraceId, say).</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Text, IReadOnlyDictionary<string, string?> Scopes);
