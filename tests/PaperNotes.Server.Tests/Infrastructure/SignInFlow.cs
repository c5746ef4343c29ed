using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// The extension's sign-in against a running server, as a person goes through it: the register form once, then the
/// authorization code flow with PKCE through the log-in form. The tests' application and the sync benchmark share it.
/// </summary>
public static class SignInFlow
{
    public const string ClientId = "papernotes-extension";

    public const string Scopes = "openid profile offline_access api";

    /// <summary>The pinned extension's <c>chrome.identity</c> redirect URI, configured as in production.</summary>
    public const string ExtensionRedirectUri = "https://iahkonijnnkmacmjgpkjilgoflajhfpm.chromiumapp.org/";

    /// <summary>The extension's OIDC client against <paramref name="server"/>, redirecting to a loopback callback (RFC 8252).</summary>
    public static OidcClient CreateOidcClient(Uri server, FormFollowingBrowser browser, int callbackPort = 7890,
        string scope = Scopes, HttpMessageHandler? backchannel = null) =>
        new(new OidcClientOptions
        {
            Authority = server.ToString(),
            ClientId = ClientId,
            Scope = scope,
            RedirectUri = $"http://127.0.0.1:{callbackPort}/callback",
            Browser = browser,
            LoadProfile = true,
            BackchannelHandler = backchannel ?? new SocketsHttpHandler(),
        });

    /// <summary>Registers <paramref name="username"/> through the register form; a name already taken is no error.</summary>
    public static async Task RegisterAsync(Uri server, string username, string password)
    {
        using var browser = new FormFollowingBrowser(server, new Dictionary<string, string>
        {
            ["username"] = username,
            ["email"] = $"{username}@example.org",
            ["password"] = password,
        });
        var result = await browser.InvokeAsync(new BrowserOptions(
            new Uri(server, "account/register").ToString(), new Uri(server, "account").ToString()));
        if (result.IsError && browser.LastPage?.Contains("This username is taken") != true)
            throw new InvalidOperationException($"Registering {username} failed: {result.Error}\n{browser.LastPage}");
    }

    /// <summary>A fresh sign-in of a registered user: a new device with its own tokens.</summary>
    public static async Task<UserTokens> SignInAsync(Uri server, string username, string password)
    {
        using var browser = new FormFollowingBrowser(server, new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = password,
        });
        // Closed with the sign-in, so that no idle connection outlives it (the sync bench measures connections).
        using var backchannel = new SocketsHttpHandler();
        var result = await CreateOidcClient(server, browser, backchannel: backchannel).LoginAsync();
        if (result.IsError) throw new InvalidOperationException($"Sign-in of {username} failed: {result.Error} {result.ErrorDescription}\n{browser.LastPage}");
        return new UserTokens(result.AccessToken, result.RefreshToken, result.User.FindFirst("sub")!.Value);
    }
}

/// <summary>What a signed-in device holds: its tokens, and the user id (<c>sub</c>) they belong to.</summary>
public sealed record UserTokens(string AccessToken, string RefreshToken, string UserId);
