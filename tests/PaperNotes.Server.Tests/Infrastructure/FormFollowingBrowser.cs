using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Duende.IdentityModel.OidcClient.Browser;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// Stands in for the system browser of an OIDC client: follows redirects with its own cookie jar, and on an HTML page
/// fills the page's form with <see cref="Fields"/> (keeping its hidden inputs, the antiforgery token among them) and
/// submits it, until the server redirects to the client's redirect URI.
/// </summary>
public sealed class FormFollowingBrowser(Uri server, IReadOnlyDictionary<string, string> fields) : IBrowser, IDisposable
{
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

    private readonly HttpClient _http = CreateHttpClient(server);

    public IReadOnlyDictionary<string, string> Fields { get; } = fields;

    /// <summary>The last page shown, when the flow stopped on one (a log-in error, say).</summary>
    public string? LastPage { get; private set; }

    public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
    {
        var next = await _http.GetAsync(options.StartUrl, cancellationToken);
        for (var hop = 0; hop < 20; hop++)
        {
            using var response = next;
            if (response.Headers.Location is { } location)
            {
                var target = new Uri(response.RequestMessage!.RequestUri!, location);
                if (target.AbsoluteUri.StartsWith(options.EndUrl, StringComparison.Ordinal))
                    return new BrowserResult { ResultType = BrowserResultType.Success, Response = target.AbsoluteUri };
                next = await _http.GetAsync(target, cancellationToken);
                continue;
            }
            LastPage = await response.Content.ReadAsStringAsync(cancellationToken);
            // A page after a submission is the form again, with an error: a person would stop here too.
            if (response.StatusCode != HttpStatusCode.OK || response.RequestMessage!.Method == HttpMethod.Post)
                return new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = $"{(int)response.StatusCode} on {response.RequestMessage!.RequestUri}" };
            next = await SubmitFormAsync(response.RequestMessage!.RequestUri!, LastPage, cancellationToken);
        }
        return new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = "Too many redirects." };
    }

    private async Task<HttpResponseMessage> SubmitFormAsync(Uri page, string html, CancellationToken ct)
    {
        var document = new HtmlParser().ParseDocument(html);
        var form = document.QuerySelector("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form on {page}:\n{html}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
            values.Add(new(input.Name!, Fields.TryGetValue(input.Name!, out var value) ? value : input.Value));
        var action = new Uri(page, form.GetAttribute("action") ?? page.PathAndQuery);
        return await _http.PostAsync(action, new FormUrlEncodedContent(values), ct);
    }

    /// <summary>A client that behaves like a browser tab: cookies on, redirects visible to the caller.</summary>
    public static HttpClient CreateHttpClient(Uri server)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return http;
    }

    public void Dispose() => _http.Dispose();
}
