using System.Net;
using System.Text;

namespace PaperNotes.Server.Auth.Accounts;

/// <summary>
/// The account pages as plain server-rendered HTML: no scripts, no external assets, one form each, every error in
/// text next to its field and tied to it with <c>aria-describedby</c>.
/// </summary>
internal static class AccountPages
{
    /// <summary>What the log-in page offers.</summary>
    public sealed record SignInChoices(bool Password, IReadOnlyList<(string Name, string DisplayName)> Providers);

    /// <summary>A configured provider on the account page, and whether this account signs in with it.</summary>
    public sealed record ProviderLink(string Name, string DisplayName, bool Linked);

    public static string LogIn(string antiforgery, string? returnUrl, string? username, FieldErrors errors, SignInChoices choices) =>
        Page("Sign in",
        $"""
        <h1>Sign in to PaperNotes</h1>
        {Summary(errors)}
        {(choices.Password ? $"""
        <form method="post" action="/account/login">
        {Hidden("__RequestVerificationToken", antiforgery)}{Hidden("returnUrl", returnUrl)}
        {Field("username", "Username", "text", "username", username, errors)}
        {Field("password", "Password", "password", "current-password", null, errors)}
        <button type="submit">Sign in</button>
        </form>
        """ : "")}
        {ProviderButtons(antiforgery, returnUrl, choices.Providers)}
        {(choices.Password ? $"""<p>No account yet? <a href="/account/register{ReturnQuery(returnUrl)}">Create one</a>.</p>""" : "")}
        """);

    /// <summary>One small form per provider: starting a sign-in is a POST with this server's antiforgery token.</summary>
    private static string ProviderButtons(string antiforgery, string? returnUrl, IReadOnlyList<(string Name, string DisplayName)> providers) =>
        string.Concat(providers.Select(p => $"""
            <form method="post" action="/account/external/{Encode(p.Name)}" class="provider">
            {Hidden("__RequestVerificationToken", antiforgery)}{Hidden("returnUrl", returnUrl)}
            <button type="submit">Sign in with {Encode(p.DisplayName)}</button>
            </form>
            """));

    public static string ChooseUserName(string antiforgery, string providerName, string? username, FieldErrors errors,
        bool askInviteCode = false, string? inviteCode = null) => Page("Choose a username",
        $"""
        <h1>Welcome to PaperNotes</h1>
        <p>You signed in with {Encode(providerName)}. Choose the username others see when you share a collection.</p>
        {Summary(errors)}
        <form method="post" action="/account/external/complete">
        {Hidden("__RequestVerificationToken", antiforgery)}
        {Field("username", "Username", "text", "username", username, errors, "3 to 32 letters, digits, dots, dashes or underscores.")}
        {(askInviteCode ? Field("inviteCode", "Invite code", "text", "off", inviteCode, errors, "The code this server's operator gave you.") : "")}
        <button type="submit">Create account</button>
        </form>
        """);

    public static string PasswordsOff(string? returnUrl) => Page("Password sign-in is off",
        $"""
        <h1>Password sign-in is off</h1>
        <p>This PaperNotes server signs people in through the providers on its sign-in page only.</p>
        <p><a href="/account/login{ReturnQuery(returnUrl)}">Go to the sign-in page</a>.</p>
        """);

    /// <summary>A short page that says what happened and what to do next.</summary>
    public static string Message(string title, string text) => Page(title,
        $"""
        <h1>{Encode(title)}</h1>
        <p>{Encode(text)}</p>
        <p><a href="/account">Your account</a> · <a href="/account/login">Sign in</a></p>
        """);

    public static string Register(string antiforgery, string? returnUrl, string? username, string? email, FieldErrors errors,
        bool askInviteCode = false, string? inviteCode = null) => Page("Create an account",
        $"""
        <h1>Create a PaperNotes account</h1>
        {Summary(errors)}
        <form method="post" action="/account/register">
        {Hidden("__RequestVerificationToken", antiforgery)}{Hidden("returnUrl", returnUrl)}
        {Field("username", "Username", "text", "username", username, errors, "3 to 32 letters, digits, dots, dashes or underscores.")}
        {Field("email", "Email (optional)", "email", "email", email, errors)}
        {Field("password", "Password", "password", "new-password", null, errors, "At least 8 characters.")}
        {(askInviteCode ? Field("inviteCode", "Invite code", "text", "off", inviteCode, errors, "The code this server's operator gave you.") : "")}
        <button type="submit">Create account</button>
        </form>
        <p>Already registered? <a href="/account/login{ReturnQuery(returnUrl)}">Sign in</a>.</p>
        """);

    public static string RegistrationClosed(string? returnUrl) => Page("Registration closed",
        $"""
        <h1>Registration is closed</h1>
        <p>This PaperNotes server does not take new accounts. Ask its operator for one.</p>
        <p>Already registered? <a href="/account/login{ReturnQuery(returnUrl)}">Sign in</a>.</p>
        """);

    public static string SignedIn(string antiforgery, string username, IReadOnlyList<ProviderLink> providers) => Page("Signed in",
        $"""
        <h1>Signed in</h1>
        <p>You are signed in to PaperNotes as <strong>{Encode(username)}</strong>.</p>
        {(providers.Count == 0 ? "" : $"""
        <h2>Sign-in providers</h2>
        <ul class="providers">{string.Concat(providers.Select(p => ProviderRow(antiforgery, p)))}</ul>
        """)}
        <h2>Next: sign in from the extension</h2>
        <p>Open the PaperNotes extension's options (right-click its icon, then Options), enter this server's address and
        choose <strong>Sign in</strong>. This browser remembers you, so the extension signs in without asking again.</p>
        <p><a href="/">How to load the extension</a></p>
        <form method="post" action="/account/logout">
        {Hidden("__RequestVerificationToken", antiforgery)}
        <button type="submit">Sign out</button>
        </form>
        """);

    private static string ProviderRow(string antiforgery, ProviderLink provider) => provider.Linked
        ? $"""
          <li>{Encode(provider.DisplayName)}: linked
          <form method="post" action="/account/external/{Encode(provider.Name)}/unlink">{Hidden("__RequestVerificationToken", antiforgery)}<button type="submit" class="secondary">Unlink {Encode(provider.DisplayName)}</button></form></li>
          """
        : $"""
          <li>{Encode(provider.DisplayName)}: not linked
          <form method="post" action="/account/external/{Encode(provider.Name)}">{Hidden("__RequestVerificationToken", antiforgery)}{Hidden("link", "true")}<button type="submit" class="secondary">Link {Encode(provider.DisplayName)}</button></form></li>
          """;

    private static string Page(string title, string body) =>
        $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · PaperNotes</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
        main{max-width:24rem;margin:3rem auto;padding:1.5rem;background:#fff;border:1px solid #ddd;border-radius:8px}
        label{display:block;font-weight:600;margin-top:1rem}
        input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;border:1px solid #888;border-radius:4px}
        input[aria-invalid=true]{border-color:#b00020}
        .hint{margin:.25rem 0 0;color:#555;font-size:.875rem}
        .error{margin:.25rem 0 0;color:#b00020;font-weight:600}
        button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;border:0;border-radius:4px;background:#1f5fbf;color:#fff}
        form.provider button,button.secondary{background:#fff;color:#1f5fbf;border:1px solid #1f5fbf}
        form.provider button{width:100%;margin-top:.75rem}
        ul.providers{padding-left:1.25rem}
        :focus-visible{outline:3px solid #f0a000;outline-offset:2px}
        </style>
        </head>
        <body><main>
        {{body}}
        </main></body>
        </html>
        """;

    private static string Field(string name, string label, string type, string autocomplete, string? value, FieldErrors errors, string? hint = null)
    {
        var html = new StringBuilder();
        var describedBy = new List<string>();
        html.Append($"""<label for="{name}">{label}</label>""");
        if (hint is not null) describedBy.Add($"{name}-hint");
        var error = errors.For(name);
        if (error is not null) describedBy.Add($"{name}-error");
        var required = name == "email" ? "" : " required";
        var invalid = error is null ? "" : """ aria-invalid="true" """.TrimEnd();
        var described = describedBy.Count == 0 ? "" : $""" aria-describedby="{string.Join(' ', describedBy)}" """.TrimEnd();
        var shown = type == "password" || value is null ? "" : $""" value="{Encode(value)}" """.TrimEnd();
        html.Append($"""<input id="{name}" name="{name}" type="{type}" autocomplete="{autocomplete}"{required}{invalid}{described}{shown}>""");
        if (hint is not null) html.Append($"""<p class="hint" id="{name}-hint">{hint}</p>""");
        if (error is not null) html.Append($"""<p class="error" id="{name}-error">{Encode(error)}</p>""");
        return html.ToString();
    }

    /// <summary>Announced first by screen readers: the page title alone would not say that the submission failed.</summary>
    private static string Summary(FieldErrors errors) =>
        errors.IsEmpty ? "" : """<p class="error" role="alert">Please correct the errors below.</p>""";

    private static string Hidden(string name, string? value) =>
        value is null ? "" : $"""<input type="hidden" name="{name}" value="{Encode(value)}">""";

    private static string ReturnQuery(string? returnUrl) =>
        returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>Error messages keyed by form field name.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string> _errors = [];

    public static FieldErrors None => new();

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        _errors.TryAdd(field, message);
        return this;
    }

    public string? For(string field) => _errors.GetValueOrDefault(field);
}
