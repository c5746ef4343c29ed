using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using static PaperNotes.Server.Tests.Collections.CollectionCalls;

namespace PaperNotes.Server.Tests.Collections;

/// <summary>One application for the whole table; every row builds its own collection with its own users.</summary>
public sealed class MatrixApplication : PaperNotesApplication;

/// <summary>
/// Every collection route and the hub × every standing a caller can have. The hub row reads 200 when the connection
/// gets the collection's pushes, 404 when it connects but does not, 401 when it is refused.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixApplication app) : IClassFixture<MatrixApplication>
{
    private static readonly string[] Standings = ["owner", "editor", "viewer", "non-member", "anonymous", "removed"];

    private static readonly Dictionary<string, int[]> Expected = new()
    {
        //                                     owner editor viewer non-member anonymous removed
        ["GET collection"] = [200, 200, 200, 404, 401, 404],
        ["PATCH collection"] = [200, 403, 403, 404, 401, 404],
        ["DELETE collection"] = [204, 403, 403, 404, 401, 404],
        ["GET members"] = [200, 200, 200, 404, 401, 404],
        ["PUT member (invite)"] = [201, 403, 403, 404, 401, 404],
        ["DELETE another member"] = [204, 403, 403, 404, 401, 404],
        ["DELETE own membership (leave)"] = [409, 204, 204, 404, 401, 404],
        ["GET changes"] = [200, 200, 200, 404, 401, 404],
        ["PUT item with note"] = [201, 201, 403, 404, 401, 404],
        ["PUT annotation"] = [201, 201, 403, 404, 401, 404],
        ["GET export"] = [200, 200, 200, 404, 401, 404],
        ["POST collections"] = [201, 201, 201, 201, 401, 201],
        ["GET public page"] = [200, 200, 200, 200, 200, 200],
        ["hub /hubs/sync"] = [200, 200, 200, 404, 401, 404],
    };

    public static TheoryData<string, string, int> Matrix()
    {
        var rows = new TheoryData<string, string, int>();
        foreach (var (route, statuses) in Expected)
            for (var i = 0; i < Standings.Length; i++) rows.Add(route, Standings[i], statuses[i]);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachStandingGetsItsStatusOnEachRoute(string route, string standing, int expected)
    {
        var scene = await Scene.SetUpAsync(app);
        var caller = scene.Client(standing);
        var self = scene.Username(standing);

        if (route == "hub /hubs/sync")
        {
            Assert.Equal(expected, await HubStatusAsync(scene, standing));
            return;
        }
        using var request = route switch
        {
            "GET collection" => new HttpRequestMessage(HttpMethod.Get, scene.Path),
            "PATCH collection" => new HttpRequestMessage(HttpMethod.Patch, scene.Path) { Content = JsonContent.Create(new { name = "Renamed" }) },
            "DELETE collection" => new HttpRequestMessage(HttpMethod.Delete, scene.Path),
            "GET members" => new HttpRequestMessage(HttpMethod.Get, scene.Path + "/members"),
            "PUT member (invite)" => new HttpRequestMessage(HttpMethod.Put, scene.Path + "/members/" + scene.Username("invitee")) { Content = JsonContent.Create(new { role = "viewer" }) },
            "DELETE another member" => new HttpRequestMessage(HttpMethod.Delete, scene.Path + "/members/" + scene.Username("bystander")),
            "DELETE own membership (leave)" => new HttpRequestMessage(HttpMethod.Delete, scene.Path + "/members/" + self),
            "GET changes" => new HttpRequestMessage(HttpMethod.Get, scene.LibraryPath + "/changes?since=0"),
            "PUT item with note" => new HttpRequestMessage(HttpMethod.Put, scene.LibraryPath + "/items/2403.12345") { Content = JsonContent.Create(new { note = "Read this" }) },
            "PUT annotation" => new HttpRequestMessage(HttpMethod.Put, scene.LibraryPath + "/annotations/" + Guid.NewGuid()) { Content = JsonContent.Create(Highlight("2403.12345", "claim", "", "", 0)) },
            "GET export" => new HttpRequestMessage(HttpMethod.Get, scene.LibraryPath + "/export?format=bibtex"),
            "POST collections" => new HttpRequestMessage(HttpMethod.Post, "/api/collections") { Content = JsonContent.Create(new { name = "Mine", description = "" }) },
            "GET public page" => new HttpRequestMessage(HttpMethod.Get, scene.PublicUrl),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        using var response = await caller.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{route} as {standing}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (expected >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<int> HubStatusAsync(Scene scene, string standing)
    {
        var builder = standing == "anonymous"
            ? new HubConnectionBuilder().WithUrl(new Uri(scene.App.BaseAddress, "hubs/sync"))
            : scene.App.CreateHubConnection(scene.Username(standing));
        await using var connection = builder.Build();
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException refused)
        {
            return (int)refused.StatusCode!;
        }
        var libraries = await connection.InvokeAsync<string[]>("Subscriptions");
        return libraries.Contains(scene.Id) ? 200 : 404;
    }

    /// <summary>A collection with an owner, an editor, a viewer, a removed member, a bystander and an outsider.</summary>
    private sealed record Scene(PaperNotesApplication App, string Tag, string Id, string PublicUrl, Dictionary<string, HttpClient> Clients)
    {
        public string Path => $"/api/collections/{Id}";

        public string LibraryPath => $"/api/libraries/{Id}";

        public string Username(string standing) => $"{standing}-{Tag}";

        public HttpClient Client(string standing) => Clients[standing];

        public static async Task<Scene> SetUpAsync(PaperNotesApplication app)
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.AnonymousClient() };
            foreach (var standing in new[] { "owner", "editor", "viewer", "non-member", "removed", "bystander", "invitee" })
                clients[standing] = await app.KnownUserAsync($"{standing}-{tag}");
            var owner = clients["owner"];
            var id = (await owner.CreateCollectionAsync("Papers for Thursday")).GetProperty("id").GetString()!;
            await owner.InviteAsync(id, $"editor-{tag}", "editor");
            await owner.InviteAsync(id, $"viewer-{tag}", "viewer");
            await owner.InviteAsync(id, $"bystander-{tag}", "viewer");
            await owner.InviteAsync(id, $"removed-{tag}", "editor");
            await owner.RemoveAsync(id, $"removed-{tag}");
            var shared = await owner.PatchCollectionAsync(id, new { publicLink = true });
            return new Scene(app, tag, id, shared.GetProperty("publicUrl").GetString()!, clients);
        }
    }
}
