using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>The writing device: item writes through the REST API (SPEC §4), answering the acknowledged version.</summary>
internal sealed class LibraryWriter(HttpClient api, string libraryId)
{
    public string LibraryId { get; } = libraryId;

    public static async Task<LibraryWriter> ForPersonalLibraryAsync(HttpClient api)
    {
        var me = await api.GetFromJsonAsync<JsonElement>("api/me");
        return new LibraryWriter(api, me.GetProperty("personalLibraryId").GetString()!);
    }

    public static string PaperId(int n) => $"2401.{n:D5}";

    /// <summary>Creates or updates an item; answers the library version of that commit.</summary>
    public async Task<long> PutItemAsync(string paperId, object body, long? ifUnmodifiedSinceVersion = null)
    {
        var response = await TryPutItemAsync(paperId, body, ifUnmodifiedSinceVersion);
        return await AcknowledgedVersionAsync(response);
    }

    public async Task<HttpResponseMessage> TryPutItemAsync(string paperId, object body, long? ifUnmodifiedSinceVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ItemPath(paperId)) { Content = JsonContent.Create(body) };
        if (ifUnmodifiedSinceVersion is { } version) request.Headers.Add("If-Unmodified-Since-Version", version.ToString());
        return await api.SendAsync(request);
    }

    public async Task<long> DeleteItemAsync(string paperId, long ifUnmodifiedSinceVersion)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, ItemPath(paperId));
        request.Headers.Add("If-Unmodified-Since-Version", ifUnmodifiedSinceVersion.ToString());
        return await AcknowledgedVersionAsync(await api.SendAsync(request));
    }

    /// <summary>Many operations in one commit (<c>POST /batch</c>); answers the library version.</summary>
    public async Task<long> BatchAsync(IEnumerable<object> operations)
    {
        var response = await api.PostAsJsonAsync($"api/libraries/{LibraryId}/batch", new { operations });
        return await AcknowledgedVersionAsync(response);
    }

    public static async Task<long> AcknowledgedVersionAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
            return long.Parse(response.Headers.GetValues("Last-Modified-Version").Single());
        }
    }

    private string ItemPath(string paperId) => $"api/libraries/{LibraryId}/items/{paperId}";
}
