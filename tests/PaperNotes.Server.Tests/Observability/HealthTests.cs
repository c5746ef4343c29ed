using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Observability;

public sealed class HealthTests
{
    [LiteDbFact]
    public async Task HealthzAnswersWithoutWritingAndReadyzAnswersOnceTheStoreDoes()
    {
        await using var app = new PaperNotesApplication();
        var client = app.CreateAnonymousClient();
        var writer = app.Services.GetRequiredService<DurableWriter>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var commits = writer.Commits;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        }

        // A probe every few seconds must not cost an fsync each.
        Assert.Equal(commits, writer.Commits);
    }

    [LiteDbFact]
    public async Task ReadyzIs503WhileHealthzIs200OnceTheStoreIsGone()
    {
        await using var app = new PaperNotesApplication();
        var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        app.Services.GetRequiredService<DurableWriter>().Dispose();

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [PostgresFact]
    public async Task ReadyzIs503WhileHealthzIs200OnceTheDatabaseRefusesConnections()
    {
        await using var app = new PaperNotesApplication();
        var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await PostgresCluster.Shared.CutOffAsync(app.DataFolder);

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
