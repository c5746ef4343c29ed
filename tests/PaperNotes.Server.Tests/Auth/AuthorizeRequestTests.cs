using System.Net;
using System.Security.Cryptography;
using System.Text;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>What the authorize endpoint refuses before anyone is asked to log in.</summary>
public sealed class AuthorizeRequestTests : IDisposable
{
    private const string Loopback = "http://127.0.0.1:7890/callback";
    private static readonly string Verifier = Base64Url(RandomNumberGenerator.GetBytes(32));

    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<HttpResponseMessage> AuthorizeAsync(string redirectUri, string? challengeMethod, string? challenge = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = "papernotes-extension",
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = PaperNotesApplication.Scopes,
            ["state"] = "state-1",
        };
        if (challengeMethod is not null)
        {
            query["code_challenge_method"] = challengeMethod;
            query["code_challenge"] = challenge ?? (challengeMethod == "S256" ? Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier))) : Verifier);
        }
        using var http = _app.CreateAnonymousClient();
        return await http.GetAsync("connect/authorize" + Microsoft.AspNetCore.Http.QueryString.Create(query));
    }

    [Fact]
    public async Task AValidRequestAsksForTheLogInForm()
    {
        using var response = await AuthorizeAsync(Loopback, "S256");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=%2Fconnect%2Fauthorize", response.Headers.Location.Query);
    }

    [Theory]
    [InlineData(PaperNotesApplication.ExtensionRedirectUri)]
    [InlineData("http://127.0.0.1:51234/callback")]
    public async Task TheExtensionRedirectAndAnyLoopbackPortAreAccepted(string redirectUri)
    {
        using var response = await AuthorizeAsync(redirectUri, "S256");

        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task PlainPkceIsRefused()
    {
        using var response = await AuthorizeAsync(Loopback, "plain");

        AssertRefused(response);
    }

    [Fact]
    public async Task MissingPkceIsRefused()
    {
        using var response = await AuthorizeAsync(Loopback, challengeMethod: null);

        AssertRefused(response);
    }

    [Theory]
    [InlineData("https://attacker.example/callback")]
    [InlineData("https://iahkonijnnkmacmjgpkjilgoflajhfpm.chromiumapp.org/elsewhere")]
    [InlineData("http://127.0.0.1:7890/other")]
    [InlineData("http://localhost:7890/callback")]
    // Loopback variants that a parsed-URI comparison took for the callback: only the exact form is.
    [InlineData("http://127.0.0.1:7890/x/../callback")]
    [InlineData("http://127.0.0.1:7890/%63allback")]
    [InlineData("http://127.0.0.1:7890/./callback")]
    [InlineData("http://127.0.0.1:7890/callback\t")]
    [InlineData("http://127.0.0.1:7890/callback\n")]
    [InlineData("http://127.0.0.1:7890/callback/")]
    [InlineData("http://127.0.0.1:0/callback")]
    [InlineData("http://127.0.0.1:07777/callback")]
    [InlineData("http://127.0.0.1:65536/callback")]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("http://127.0.0.1:7890/callback?x=1")]
    [InlineData("http://user@127.0.0.1:7890/callback")]
    public async Task AnUnknownRedirectUriIsRefusedWithoutRedirecting(string redirectUri)
    {
        using var response = await AuthorizeAsync(redirectUri, "S256");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>Refused outright (400) or sent back to the client with an error: never on to the log-in form.</summary>
    private static void AssertRefused(HttpResponseMessage response)
    {
        if (response.Headers.Location is not { } location)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return;
        }
        Assert.StartsWith(Loopback, location.AbsoluteUri);
        Assert.Contains("error=invalid_request", location.Query);
        Assert.DoesNotContain("code=", location.Query);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
