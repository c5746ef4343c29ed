namespace PaperNotes.Server.Sync;

/// <summary>
/// Has the runtime finish socket operations on its epoll threads rather than queue them to the thread pool. Queued, a
/// readiness event can be handled after the bytes it announced were already read; Kestrel's zero-byte wait for data
/// then wakes with nothing to read, and the connection parks a 4 KB receive buffer until its client next sends
/// something. Right after a burst of connects, a quarter to a half of idle sync connections held one
/// (bench/PaperNotes.Bench.Sync: 1 to 2 KB per connection on average); handled inline, none did. Inline is safe here:
/// this server opens no sockets of its own, and Kestrel's transport continuations only move bytes into pipes whose
/// readers run on the thread pool.
/// </summary>
internal static class InlineSocketCompletions
{
    public const string EnvironmentVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns them on unless the environment says otherwise. The runtime reads the variable once, when the process's
    /// first socket is made, so this runs before anything else.
    /// </summary>
    public static void PreferUnlessConfigured()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is null)
            Environment.SetEnvironmentVariable(EnvironmentVariable, "1");
    }
}
