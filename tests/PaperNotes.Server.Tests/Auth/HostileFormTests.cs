using System.Net;
using AngleSharp.Html.Parser;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>Forms no browser would send get a 4xx, never a 500 (issue 20).</summary>
public sealed class HostileFormTests : IAsyncLifetime
{
    private readonly PaperNotesApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> HostileForms()
    {
        string[] paths = ["account/login", "account/register", "account/logout", "connect/token", "connect/authorize", "connect/logout", "connect/revoke", "api/me"];
        var rows = new TheoryData<string, string>();
        foreach (var path in paths)
        {
            rows.Add(path, "nul");
            rows.Add(path, "huge");
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(HostileForms))]
    public async Task AHostileFormIsA4xx(string path, string shape)
    {
        using var http = FormFollowingBrowser.CreateHttpClient(_app.BaseAddress);
        var page = new HtmlParser().ParseDocument(await http.GetStringAsync("account/login"));
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var value = shape == "nul" ? "ali\0ce" : new string('a', 4 * 1024 * 1024 + 1);

        using var response = await http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["username"] = value,
            ["password"] = value,
            ["returnUrl"] = value,
            ["client_id"] = "papernotes-extension",
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = value,
            ["token"] = value,
        }));

        Assert.InRange((int)response.StatusCode, 300, 499);
    }
}
