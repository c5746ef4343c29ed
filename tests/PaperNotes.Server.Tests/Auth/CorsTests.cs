using System.Net;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>The extension calls from <c>chrome-extension://&lt;id&gt;</c>; no other site may.</summary>
public sealed class CorsTests : IDisposable
{
    private const string ExtensionOrigin = "chrome-extension://iahkonijnnkmacmjgpkjilgoflajhfpm";

    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin)
    {
        using var http = _app.CreateAnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await http.SendAsync(request);
    }

    [Theory]
    [InlineData("api/devices")]
    [InlineData("connect/token")]
    [InlineData("connect/revoke")]
    [InlineData("hubs/sync/negotiate")]
    public async Task TheExtensionOriginDerivedFromItsRedirectUriIsAllowed(string path)
    {
        using var response = await PreflightAsync(path, ExtensionOrigin);

        Assert.Equal(ExtensionOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task OtherOriginsAreNotAllowed()
    {
        using var response = await PreflightAsync("api/devices", "https://attacker.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheAccountPagesAllowNoOrigin()
    {
        using var response = await PreflightAsync("account/login", ExtensionOrigin);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ASimpleApiResponseCarriesTheAllowedOrigin()
    {
        using var api = await _app.CreateClientAsync("ada");
        var request = new HttpRequestMessage(HttpMethod.Get, "api/devices");
        request.Headers.Add("Origin", ExtensionOrigin);

        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExtensionOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
