using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperNotes.Server.Tests.Library;

/// <summary>The API calls the tests make, spelled once.</summary>
internal static class LibraryCalls
{
    public static async Task<JsonElement> MeAsync(this HttpClient client)
    {
        var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string> PersonalLibraryAsync(this HttpClient client) =>
        (await client.MeAsync()).GetProperty("personalLibraryId").GetString()!;

    public static Task<HttpResponseMessage> PutAsync(this HttpClient client, string path, object body, long? ifUnmodifiedSinceVersion = null) =>
        client.SendAsync(Request(HttpMethod.Put, path, body, ifUnmodifiedSinceVersion));

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string path, long? ifUnmodifiedSinceVersion) =>
        client.SendAsync(Request(HttpMethod.Delete, path, null, ifUnmodifiedSinceVersion));

    public static Task<HttpResponseMessage> BatchAsync(this HttpClient client, string library, object body, string? idempotencyKey = null)
    {
        var request = Request(HttpMethod.Post, $"/api/libraries/{library}/batch", body, null);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>PUTs an item and answers its new version, failing the test unless it was written.</summary>
    public static async Task<long> PutItemAsync(this HttpClient client, string library, string paperId, object body, long? ifUnmodifiedSinceVersion = null)
    {
        var response = await client.PutAsync($"/api/libraries/{library}/items/{paperId}", body, ifUnmodifiedSinceVersion);
        Assert.True(response.IsSuccessStatusCode, $"PUT item {paperId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    public static async Task<JsonElement> ChangesAsync(this HttpClient client, string library, long since, int? limit = null)
    {
        var response = await client.GetAsync($"/api/libraries/{library}/changes?since={since}" + (limit is null ? "" : $"&limit={limit}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static long LibraryVersion(this HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("Last-Modified-Version").Single());

    /// <summary>A body sent byte for byte, for malformed and oversized JSON.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>Asserts a problem+json answer with the given status and type, and answers its body.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("urn:papernotes:problem:" + type, (string?)problem["type"]);
        return problem;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, long? ifUnmodifiedSinceVersion)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifUnmodifiedSinceVersion is not null)
            request.Headers.Add("If-Unmodified-Since-Version", ifUnmodifiedSinceVersion.Value.ToString());
        return request;
    }
}
