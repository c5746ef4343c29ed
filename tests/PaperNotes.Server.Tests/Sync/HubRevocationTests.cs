using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Server.Auth.Devices;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>
/// An open hub connection lasts no longer than the sign-in that opened it: the token's expiry, signing its device out
/// and reusing its refresh token (which revokes the whole device) close it within a second (issue 20).
/// </summary>
public sealed class HubRevocationTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    private readonly PaperNotesApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SigningADeviceOutClosesItsOpenConnectionAndNoOther()
    {
        var laptop = await _app.SignInAsync("ada");
        var desktop = await _app.SignInAsync("ada");
        using var laptopApi = _app.CreateBearerClient(laptop.AccessToken);
        var writer = await LibraryWriter.ForPersonalLibraryAsync(laptopApi);
        await using var laptopHub = await OpenAsync(laptop.AccessToken);
        await using var desktopHub = await OpenAsync(desktop.AccessToken);
        var devices = (await laptopApi.GetFromJsonAsync<DeviceList>("api/devices"))!.Devices;

        using var signOut = await laptopApi.DeleteAsync($"api/devices/{devices.Single(d => !d.Current).Id}");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        await desktopHub.Closed.WaitAsync(Within);
        var version = await writer.PutItemAsync(LibraryWriter.PaperId(1), new { status = "new" });
        await laptopHub.Recorder.WaitForVersionAsync(writer.LibraryId, version);
        Assert.Empty(desktopHub.Recorder.Pushes);
    }

    [Fact]
    public async Task AConnectionClosesWhenItsTokenExpires()
    {
        var tokens = await _app.SignInAsync("ada");
        await using var hub = await OpenAsync(tokens.AccessToken);

        // Access tokens live 15 minutes.
        _app.Clock.Advance(TimeSpan.FromMinutes(16));

        await hub.Closed.WaitAsync(Within + LocalScanAllowance);
    }

    [Fact]
    public async Task ReusingARefreshTokenClosesTheDevicesConnections()
    {
        var tokens = await _app.SignInAsync("ada");
        await using var hub = await OpenAsync(tokens.AccessToken);
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>());
        var client = _app.CreateOidcClient(browser);
        Assert.False((await client.RefreshTokenAsync(tokens.RefreshToken)).IsError);

        // A refresh token works once: presenting it again revokes the device, as a stolen copy would.
        Assert.True((await client.RefreshTokenAsync(tokens.RefreshToken)).IsError);

        await hub.Closed.WaitAsync(Within);
    }

    /// <summary>The expiry is checked every quarter second: the first check after the clock moved may be that late.</summary>
    private static readonly TimeSpan LocalScanAllowance = TimeSpan.FromMilliseconds(250);

    private async Task<OpenHub> OpenAsync(string accessToken)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(_app.BaseAddress, "hubs/sync"),
            options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = await PushRecorder.ConnectAsync(builder, connection => connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        });
        return new OpenHub(recorder, closed.Task);
    }

    private sealed record OpenHub(PushRecorder Recorder, Task Closed) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Recorder.DisposeAsync();
    }
}
