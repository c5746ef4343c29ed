using System.Net;
using System.Net.Http.Json;
using PaperNotes.Server.Auth.Devices;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary><c>/api/devices</c>: every sign-in is a device; signing one out ends its tokens at once.</summary>
public sealed class DevicesTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<DeviceList> ListAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<DeviceList>("api/devices"))!;

    [Fact]
    public async Task DevicesListsEachSignInAndSignsOneOut()
    {
        var laptop = await _app.SignInAsync("ada");
        var desktop = await _app.SignInAsync("ada");
        using var laptopApi = _app.CreateBearerClient(laptop.AccessToken);
        using var desktopApi = _app.CreateBearerClient(desktop.AccessToken);

        var devices = await ListAsync(laptopApi);
        Assert.Equal(2, devices.Devices.Count);
        var current = Assert.Single(devices.Devices, d => d.Current);
        var other = Assert.Single(devices.Devices, d => !d.Current);
        Assert.Equal("Chrome on Linux", current.Name);
        Assert.NotNull(other.SignedInAt);

        using var signOut = await laptopApi.DeleteAsync($"api/devices/{other.Id}");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await desktopApi.GetAsync("api/devices")).StatusCode);
        using var browser = new FormFollowingBrowser(_app.BaseAddress, new Dictionary<string, string>());
        Assert.True((await _app.CreateOidcClient(browser).RefreshTokenAsync(desktop.RefreshToken)).IsError);
        Assert.Equal(current.Id, Assert.Single((await ListAsync(laptopApi)).Devices).Id);
    }

    [Fact]
    public async Task AnotherUsersDeviceIs404AndStaysSignedIn()
    {
        var ada = await _app.GetTokensAsync("ada");
        using var adaApi = _app.CreateBearerClient(ada.AccessToken);
        var adaDevice = Assert.Single((await ListAsync(adaApi)).Devices);
        using var bobApi = await _app.CreateClientAsync("bob");

        using var response = await bobApi.DeleteAsync($"api/devices/{adaDevice.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single((await ListAsync(bobApi)).Devices);
        Assert.Equal(HttpStatusCode.OK, (await adaApi.GetAsync("api/devices")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownDeviceIs404()
    {
        using var api = await _app.CreateClientAsync("ada");

        using var response = await api.DeleteAsync("api/devices/000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("urn:papernotes:problem:not-found", await response.Content.ReadAsStringAsync());
    }
}
