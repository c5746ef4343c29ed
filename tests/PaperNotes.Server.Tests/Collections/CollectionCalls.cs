using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Collections;

/// <summary>The collection calls the tests make, spelled once.</summary>
internal static class CollectionCalls
{
    /// <summary>A signed-in client whose user the server already knows (so others can invite them).</summary>
    public static async Task<HttpClient> KnownUserAsync(this PaperNotesApplication app, string username)
    {
        var client = await app.CreateClientAsync(username);
        await client.MeAsync();
        return client;
    }

    public static HttpClient AnonymousClient(this PaperNotesApplication app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = app.BaseAddress });

    public static async Task<JsonElement> CreateCollectionAsync(this HttpClient owner, string name, string description = "")
    {
        var response = await owner.PostAsJsonAsync("/api/collections", new { name, description });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task InviteAsync(this HttpClient owner, string collection, string username, string role)
    {
        var response = await owner.PutAsJsonAsync($"/api/collections/{collection}/members/{username}", new { role });
        Assert.True(response.IsSuccessStatusCode, $"invite {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task RemoveAsync(this HttpClient caller, string collection, string username)
    {
        var response = await caller.DeleteAsync($"/api/collections/{collection}/members/{username}");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"remove {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonElement> PatchCollectionAsync(this HttpClient owner, string collection, object change)
    {
        var response = await owner.PatchAsJsonAsync($"/api/collections/{collection}", change);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Puts papers in the catalog as everyone sees them: captured alike by as many users as it takes.</summary>
    public static async Task CatalogAsync(this PaperNotesApplication app, params CapturedPaper[] papers)
    {
        var catalog = app.Services.GetRequiredService<PaperCatalog>();
        for (var user = 0; user < PaperCatalog.AgreeingUsers; user++)
            await catalog.SaveAsync($"catalog-seed-{user}", papers, int.MaxValue, CancellationToken.None);
    }

    /// <summary>An annotation body as the extension sends it (SPEC §1).</summary>
    public static object Highlight(string paperId, string exact, string prefix, string suffix, int start, string body = "", string field = "abstract") => new
    {
        paperId,
        kind = body.Length > 0 ? "note" : "highlight",
        color = "yellow",
        body,
        target = new
        {
            field,
            selectors = new object[]
            {
                new { type = "TextQuoteSelector", exact, prefix, suffix },
                new { type = "TextPositionSelector", start, end = start + exact.Length },
            },
        },
    };
}
