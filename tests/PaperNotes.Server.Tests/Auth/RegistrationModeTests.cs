using System.Net;
using Duende.IdentityModel.OidcClient.Browser;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Auth.Invites;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Auth;

/// <summary><c>Accounts:Registration</c> on the register form, as a person fills it in.</summary>
public sealed class RegistrationModeTests
{
    private static async Task<(bool Registered, string? Page)> RegisterAsync(PaperNotesApplication app, string username, string? inviteCode = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = PaperNotesApplication.Password,
        };
        if (inviteCode is not null) fields["inviteCode"] = inviteCode;
        using var browser = new FormFollowingBrowser(app.BaseAddress, fields);
        var result = await browser.InvokeAsync(new BrowserOptions(
            new Uri(app.BaseAddress, "account/register").ToString(), new Uri(app.BaseAddress, "account").ToString()));
        return (!result.IsError, browser.LastPage);
    }

    private static Task<IReadOnlyList<string>> InvitesAsync(PaperNotesApplication app, int count = 1) =>
        app.Services.GetRequiredService<IInviteCodes>().CreateAsync(count, TimeSpan.FromDays(1));

    [Fact]
    public async Task InInviteModeACodeAdmitsExactlyOneRegistration()
    {
        await using var app = new PaperNotesApplication().WithSetting("Accounts:Registration", "invite");
        var code = (await InvitesAsync(app)).Single();

        var withoutCode = await RegisterAsync(app, "alice");
        var withCode = await RegisterAsync(app, "alice", code.ToLowerInvariant());
        var sameCodeAgain = await RegisterAsync(app, "bob", code);

        Assert.False(withoutCode.Registered);
        Assert.Contains("Enter the invite code", withoutCode.Page);
        Assert.True(withCode.Registered, withCode.Page);
        Assert.False(sameCodeAgain.Registered);
        Assert.Contains("This invite code is not valid", sameCodeAgain.Page);
        await SignInFlow.SignInAsync(app.BaseAddress, "alice", PaperNotesApplication.Password);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SignInFlow.SignInAsync(app.BaseAddress, "bob", PaperNotesApplication.Password));
    }

    [Fact]
    public async Task TheRegisterFormAsksForTheCodeOnlyInInviteMode()
    {
        await using var invite = new PaperNotesApplication().WithSetting("Accounts:Registration", "invite");
        await using var open = new PaperNotesApplication();

        Assert.Contains("name=\"inviteCode\"", await invite.CreateAnonymousClient().GetStringAsync("/account/register"));
        Assert.DoesNotContain("inviteCode", await open.CreateAnonymousClient().GetStringAsync("/account/register"));
    }

    [Fact]
    public async Task AnExpiredCodeOrOneSpentOnATakenNameIsHandledAsAPersonExpects()
    {
        await using var app = new PaperNotesApplication().WithSetting("Accounts:Registration", "invite");
        var codes = await InvitesAsync(app, 3);
        Assert.True((await RegisterAsync(app, "alice", codes[0])).Registered);

        // A name already taken does not spend the code: it still admits the next try.
        var taken = await RegisterAsync(app, "alice", codes[1]);
        Assert.Contains("This username is taken", taken.Page);
        Assert.True((await RegisterAsync(app, "bob", codes[1])).Registered);

        app.Clock.Advance(TimeSpan.FromDays(2));
        var expired = await RegisterAsync(app, "carol", codes[2]);
        Assert.False(expired.Registered);
        Assert.Contains("This invite code is not valid", expired.Page);
    }

    [Fact]
    public async Task InInviteModeOnlyACodeHolderLearnsThatANameIsTaken()
    {
        await using var app = new PaperNotesApplication().WithSetting("Accounts:Registration", "invite");
        Assert.True((await RegisterAsync(app, "alice", (await InvitesAsync(app)).Single())).Registered);

        var takenName = await RegisterAsync(app, "alice", "NOT0-A0RE-A10C-0DE0");
        var freeName = await RegisterAsync(app, "nobody-yet", "NOT0-A0RE-A10C-0DE0");

        Assert.False(takenName.Registered);
        Assert.DoesNotContain("taken", takenName.Page);
        Assert.Equal(ErrorsOf(freeName.Page!), ErrorsOf(takenName.Page!));
    }

    /// <summary>The error messages a form page shows.</summary>
    private static string[] ErrorsOf(string page) =>
        [.. new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page).QuerySelectorAll(".error").Select(e => e.TextContent)];

    [Fact]
    public async Task ClosedRegistrationRefusesTheFormAndItsSubmission()
    {
        await using var app = new PaperNotesApplication().WithSetting("Accounts:Registration", "closed");
        var client = FormFollowingBrowser.CreateHttpClient(app.BaseAddress);

        var form = await client.GetAsync("/account/register");
        var post = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "mallory", ["password"] = PaperNotesApplication.Password,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Contains("Registration is closed", await form.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.Found, post.StatusCode);
        Assert.False((await RegisterAsync(app, "mallory")).Registered);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SignInFlow.SignInAsync(app.BaseAddress, "mallory", PaperNotesApplication.Password));
    }
}
