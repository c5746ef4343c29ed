using System.Diagnostics;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Admin;

/// <summary>
/// <c>dotnet PaperNotes.Server.dll admin …</c> as an operator runs it: a separate process with the server's
/// configuration (its appsettings.json, and the data folder from the environment).
/// </summary>
internal static class AdminProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }

    public static async Task<Result> RunAsync(string dataFolder, params string[] args) =>
        await RunAsync(dataFolder, new Dictionary<string, string>(), args);

    public static async Task<Result> RunAsync(string dataFolder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var server = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(server)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { server, "admin" },
            Environment = { ["Storage__Path"] = dataFolder },
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The engine the suite runs on, with the database that belongs to this data folder (the server's own).
        foreach (var (key, value) in TestEngine.SettingsFor(dataFolder)) start.Environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"admin {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
