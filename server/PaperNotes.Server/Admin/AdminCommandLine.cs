using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Admin;

/// <summary>
/// <c>PaperNotes.Server admin &lt;command&gt;</c>: with the server's configuration, runs one command and exits. A
/// server running on the same data folder is asked to run it (it holds the store); otherwise it runs here.
/// </summary>
public static class AdminCommandLine
{
    public static bool IsRequested(string[] args) => args is ["admin", ..];

    /// <summary>The host reads its usual configuration, not the command's words.</summary>
    public static string[] HostArguments(string[] args) => IsRequested(args) ? [] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var command = args[1..];
        var output = Console.Out;
        var dataFolder = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Path;
        if (command is ["backup" or "restore", "--to" or "--from", var folder])
            command = [command[0], command[1], Path.GetFullPath(folder)];
        try
        {
            if (await AskRunningServerAsync(dataFolder, command) is { } answer)
            {
                await output.WriteAsync(answer.Output);
                return answer.ExitCode;
            }
            // No server runs, so nothing has prepared the store (an empty PostgreSQL database has no tables yet), except
            // for commands that do not touch it.
            if (!AdminCommands.NeedsNoStore(command, app.Configuration))
                await app.Services.GetRequiredService<IStoreSchema>().PrepareAsync(CancellationToken.None);
            return await new AdminCommands(app.Services, app.Configuration).RunAsync(command, output, CancellationToken.None);
        }
        catch (AdminCommandException refusal)
        {
            await Console.Error.WriteLineAsync(refusal.Message);
            return 1;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>The running server's answer; null when no server runs on <paramref name="dataFolder"/>.</summary>
    private static async Task<AdminResponse?> AskRunningServerAsync(string dataFolder, string[] command)
    {
        var file = AdminChannel.PathIn(dataFolder);
        if (!File.Exists(file)) return null;
        var endpoint = JsonSerializer.Deserialize<AdminEndpoint>(await File.ReadAllTextAsync(file))
            ?? throw new AdminCommandException($"{file} is not readable; remove it if no server runs.");
        // The address is this machine's own (loopback): its certificate, if any, cannot name it.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = new Uri(endpoint.Url), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/commands") { Content = JsonContent.Create(new AdminRequest(command)) };
        request.Headers.Add(AdminChannel.SecretHeader, endpoint.Secret);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            // Left behind by a server that did not stop cleanly.
            return null;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new AdminCommandException(
                    $"{endpoint.Url} refused the command ({(int)response.StatusCode}): {file} belongs to another server; remove it if none runs on this folder.");
            return await response.Content.ReadFromJsonAsync<AdminResponse>()
                ?? throw new AdminCommandException("The server answered nothing.");
        }
    }
}
