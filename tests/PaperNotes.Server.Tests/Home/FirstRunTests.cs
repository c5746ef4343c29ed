using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Home;

/// <summary>What a person who just started the server meets (issue 16): a home page, the next step, quiet logs.</summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task TheHomePageSaysWhatThisIsHowToLoadTheExtensionAndWhereToSignIn()
    {
        await using var app = new PaperNotesApplication();
        using var client = app.CreateAnonymousClient();
        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/account/register\"", html);
        Assert.Contains("href=\"/account/login\"", html);
        Assert.Contains("href=\"/docs\"", html);
        Assert.Contains("chrome://extensions", html);
        // The id of the extension this server lets sign in, from its redirect URI.
        Assert.Contains("<code>iahkonijnnkmacmjgpkjilgoflajhfpm</code>", html);
        Assert.Contains($"<code>{app.BaseAddress.ToString().TrimEnd('/')}</code>", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public void AfterSigningInThePageSaysTheNextStepIsTheExtensionsOptions()
    {
        var html = AccountPages.SignedIn("token", "ada", []);
        Assert.Contains("Next: sign in from the extension", html);
        Assert.Contains("options", html);
    }

    [Fact]
    public async Task AccountPagesLogNoWarningWhenNothingIsWrong()
    {
        var logs = new CapturedLogs();
        await using var app = new PaperNotesApplication()
            .WithServices(services => services.AddLogging(logging => logging.AddProvider(logs)));
        using var browser = FormFollowingBrowser.CreateHttpClient(app.BaseAddress);
        // The first view creates the cookie keys, which warns once that they are kept unencrypted in the data folder.
        await browser.GetAsync("/account/login");
        var before = logs.Entries.Count(e => e.Level >= LogLevel.Warning);
        foreach (var page in new[] { "/account/login", "/account/register", "/account/login" })
        {
            var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{page} is never cached");
        }

        Assert.Empty(logs.Entries.Where(e => e.Level >= LogLevel.Warning).Skip(before).Select(e => e.Text));
    }
}
