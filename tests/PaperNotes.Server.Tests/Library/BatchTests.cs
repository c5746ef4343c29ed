using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class BatchTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ABatchOfFreshStaleAndInvalidOperationsAnswersEachAndCommitsTheRestInOneVersion()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.00001", new { status = "to-read" });
        var v2 = await alice.PutItemAsync(lib, "2403.00001", new { status = "reading" }, v1);
        var v3 = await alice.PutItemAsync(lib, "2403.00002", new { });

        var response = await alice.BatchAsync(lib, new
        {
            operations = new object[]
            {
                new { op = "put", kind = "item", key = "2403.00003", data = new { status = "to-read" } },
                new { op = "put", kind = "item", key = "2403.00001", ifUnmodifiedSinceVersion = v1, data = new { starred = true } },
                new { op = "put", kind = "item", key = "not-an-arxiv-id", data = new { } },
                new { op = "delete", kind = "item", key = "2403.00002", ifUnmodifiedSinceVersion = v3 },
                new { op = "put", kind = "annotation", key = "0f8c6f1e-8a0e-4d3e-9d7a-2f1d3c4b5a69", data = new { paperId = "2403.00003" } },
                new { op = "delete", kind = "item", key = "2403.00001" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal([201, 412, 422, 204, 422, 428], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(v2, results[1].GetProperty("current").GetProperty("version").GetInt64());
        Assert.Equal("urn:papernotes:problem:validation", results[2].GetProperty("problem").GetProperty("type").GetString());
        Assert.True(results[4].GetProperty("problem").GetProperty("errors").TryGetProperty("kind", out _));

        // Both writes share one new version.
        Assert.Equal(v3 + 1, body.GetProperty("version").GetInt64());
        Assert.Equal(v3 + 1, results[0].GetProperty("version").GetInt64());
        Assert.Equal(v3 + 1, results[3].GetProperty("version").GetInt64());
        var changes = (await alice.ChangesAsync(lib, v3)).GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["2403.00002", "2403.00003"], changes.Select(c => c.GetProperty("key").GetString()).Order());
        Assert.All(changes, c => Assert.Equal(v3 + 1, c.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task ARetryWithTheSameIdempotencyKeyAnswersTheFirstResponseAndWritesNothing()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var body = new { operations = new[] { new { op = "put", kind = "item", key = "2403.12345", data = new { status = "reading" } } } };

        var first = await alice.BatchAsync(lib, body, "retry-me");
        var firstBody = await first.Content.ReadAsStringAsync();
        var retry = await alice.BatchAsync(lib, body, "retry-me");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, retry.LibraryVersion());
        Assert.Equal(1, (await alice.ChangesAsync(lib, 0)).GetProperty("version").GetInt64());
        // Without the key, the same body is a new request: its put now needs a version.
        var fresh = await (await alice.BatchAsync(lib, body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(428, fresh.GetProperty("results")[0].GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task TheSameIdempotencyKeyWithADifferentBodyIs422AndOtherUsersKeysAreTheirOwn()
    {
        var alice = await _app.CreateClientAsync("alice");
        var bob = await _app.CreateClientAsync("bob");
        var lib = await alice.PersonalLibraryAsync();
        var bobs = await bob.PersonalLibraryAsync();
        object Put(string key) => new { operations = new[] { new { op = "put", kind = "item", key, data = new { } } } };

        Assert.Equal(HttpStatusCode.OK, (await alice.BatchAsync(lib, Put("2403.00001"), "k1")).StatusCode);
        await (await alice.BatchAsync(lib, Put("2403.00002"), "k1")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(HttpStatusCode.OK, (await bob.BatchAsync(bobs, Put("2403.00002"), "k1")).StatusCode);
        Assert.Single((await bob.ChangesAsync(bobs, 0)).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task AReusedKeysProblemNamesTheConfiguredWindow()
    {
        using var app = new PaperNotesApplication().WithSetting("Api:IdempotencyWindow", "02:00:00");
        var alice = await app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        object Put(string key) => new { operations = new[] { new { op = "put", kind = "item", key, data = new { } } } };

        Assert.Equal(HttpStatusCode.OK, (await alice.BatchAsync(lib, Put("2403.00001"), "k1")).StatusCode);
        var problem = await (await alice.BatchAsync(lib, Put("2403.00002"), "k1"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.StartsWith("Within 2 hours ", (string?)problem["detail"]);
    }

    [Fact]
    public async Task ABatchOfMoreThan50OperationsIs422AndWritesNothing()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var operations = Enumerable.Range(0, 51).Select(i => new { op = "put", kind = "item", key = $"2403.{i:D5}", data = new { } });

        await (await alice.BatchAsync(lib, new { operations })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        Assert.Equal(0, (await alice.ChangesAsync(lib, 0)).GetProperty("version").GetInt64());
    }
}
