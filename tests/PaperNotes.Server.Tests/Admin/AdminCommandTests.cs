using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Duende.IdentityModel.OidcClient.Browser;
using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Observability;

namespace PaperNotes.Server.Tests.Admin;

/// <summary>The operator commands, run as a separate process against a running server (or none).</summary>
public sealed partial class AdminCommandTests
{
    [Fact]
    public async Task DisableUserMakesTheNextRequestWithThatUsersTokens401AndRefusesHerSignIn()
    {
        await using var app = new PaperNotesApplication();
        var alice = await app.CreateClientAsync("alice");
        var aliceTokens = await app.GetTokensAsync("alice");
        var bob = await app.CreateClientAsync("bob");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("api/me")).StatusCode);
        await using var hub = app.CreateHubConnection("alice").Build();
        var closed = new TaskCompletionSource();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();

        var disabled = await AdminProcess.RunAsync(app.DataFolder, "disable-user", "alice");

        Assert.Equal(0, disabled.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(app, aliceTokens.RefreshToken)).StatusCode);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync("alice"));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("api/me")).StatusCode);
        var users = await AdminProcess.RunAsync(app.DataFolder, "users");
        Assert.Matches(@"alice\s+\S+ \S+\s+disabled", users.Output);
        Assert.Matches(@"bob\s+\S+ \S+\s+active", users.Output);
    }

    [Fact]
    public async Task DisablingAnUnknownUserFailsAndSaysSo()
    {
        await using var app = new PaperNotesApplication();
        _ = app.BaseAddress;

        var result = await AdminProcess.RunAsync(app.DataFolder, "disable-user", "nobody");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("There is no user nobody", result.Output);
    }

    [Fact]
    public async Task InviteCodesPrintedByTheCommandAdmitOneRegistrationEach()
    {
        await using var app = new PaperNotesApplication().WithSetting("Accounts:Registration", "invite");
        _ = app.BaseAddress;

        var invite = await AdminProcess.RunAsync(app.DataFolder, "invite", "--count", "2");

        Assert.Equal(0, invite.ExitCode);
        var codes = InviteCode().Matches(invite.Output).Select(m => m.Value).ToList();
        Assert.Equal(2, codes.Distinct().Count());
        Assert.True(await RegisterAsync(app, "alice", codes[0]));
        Assert.False(await RegisterAsync(app, "bob", codes[0]));
        Assert.True(await RegisterAsync(app, "bob", codes[1]));
    }

    [Fact]
    public async Task CommandsRunInTheirOwnProcessWhenNoServerRuns()
    {
        var folder = Directory.CreateTempSubdirectory("papernotes-admin-").FullName;
        try
        {
            var invite = await AdminProcess.RunAsync(folder, "invite");
            var users = await AdminProcess.RunAsync(folder, "users");

            Assert.Equal(0, invite.ExitCode);
            Assert.Single(InviteCode().Matches(invite.Output));
            Assert.Equal(0, users.ExitCode);
            Assert.Contains("0 accounts", users.Output);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task OnPostgresBackupAndRestoreSayToUsePgDump()
    {
        var folder = Directory.CreateTempSubdirectory("papernotes-admin-").FullName;
        try
        {
            var postgres = new Dictionary<string, string> { ["Storage__Provider"] = "postgres" };
            var backup = await AdminProcess.RunAsync(folder, postgres, "backup", "--to", Path.Combine(folder, "copy"));
            var restore = await AdminProcess.RunAsync(folder, postgres, "restore", "--from", Path.Combine(folder, "copy"));

            Assert.Equal(2, backup.ExitCode);
            Assert.Contains("pg_dump", backup.Output);
            Assert.Contains("pg_restore", restore.Output);
            Assert.False(Directory.Exists(Path.Combine(folder, "copy")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task AnUnknownCommandPrintsUsage()
    {
        var result = await AdminProcess.RunAsync(Path.GetTempPath(), "frobnicate");
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("backup --to DIR", result.Output);
    }

    internal static Task<HttpResponseMessage> RefreshAsync(PaperNotesApplication app, string refreshToken) =>
        app.CreateAnonymousClient().PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = SignInFlow.ClientId,
        }));

    private static async Task<bool> RegisterAsync(PaperNotesApplication app, string username, string inviteCode)
    {
        using var browser = new FormFollowingBrowser(app.BaseAddress, new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = PaperNotesApplication.Password, ["inviteCode"] = inviteCode,
        });
        var result = await browser.InvokeAsync(new BrowserOptions(
            new Uri(app.BaseAddress, "account/register").ToString(), new Uri(app.BaseAddress, "account").ToString()));
        return !result.IsError;
    }

    [GeneratedRegex(@"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")]
    private static partial Regex InviteCode();
}
