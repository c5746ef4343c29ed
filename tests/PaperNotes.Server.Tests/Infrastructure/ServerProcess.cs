using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// The published server as a real child process (<c>dotnet PaperNotes.Server.dll --urls …</c>), for what an in-process
/// host cannot show: a <c>kill -9</c>, or two processes racing on one database. Built by <c>dotnet build -c Release</c>.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        BaseAddress = address;
        process.OutputDataReceived += (_, e) => { lock (_output) if (e.Data is not null) _output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) if (e.Data is not null) _output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>Starts the server on <paramref name="port"/> (a free one when 0) with these settings, and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<KeyValuePair<string, string>> settings, int port = 0)
    {
        port = port == 0 ? FreePort() : port;
        var info = new ProcessStartInfo("dotnet", [ServerDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Auth__ExtensionRedirectUris__0"] = SignInFlow.ExtensionRedirectUri;
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__")] = value;
        var server = new ServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary><c>kill -9</c>: no shutdown, no flush, nothing after this instant.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited ({_process.ExitCode}):\n{Output}");
            try
            {
                if ((await client.GetAsync("healthz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not answer /healthz within 180 s:\n{Output}");
    }

    private static string ServerDll { get; } = FindServerDll();

    private static string FindServerDll()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (!File.Exists(Path.Combine(folder.FullName, "PaperNotes.sln"))) continue;
            var dll = Path.Combine(folder.FullName, "server", "PaperNotes.Server", "bin", "Release", "net10.0", "PaperNotes.Server.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the server first (dotnet build -c Release): {dll} is missing.");
        }
        throw new InvalidOperationException("The repository root (PaperNotes.sln) is not above the test assembly.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
