using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperNotes.Bench.Sync;

/// <summary>
/// The real server in its own process (so its memory can be measured apart from a thousand clients), on loopback
/// Kestrel, with real sign-in, plus one bench-only addition: a bare echo hub at <c>/bench/echo</c>, the framework's
/// floor. Reads commands on stdin: <c>mem</c> answers its memory and Kestrel's gauges, <c>quit</c>.
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(string dataFolder)
    {
        using var kestrel = new KestrelGauges();
        await using var app = new HostedApp(dataFolder);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"ready {address}");
        while (Console.ReadLine() is { } command)
        {
            if (command == "mem") Console.WriteLine($"{Memory()} {kestrel.Connections} {kestrel.WebSockets} {kestrel.BuffersInUse}");
            else if (command == "quit") break;
        }
        return 0;
    }

    /// <summary>Managed heap after a full blocking compacting collection, and the resident set, in bytes.</summary>
    private static string Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return $"mem {GC.GetTotalMemory(false)} {process.WorkingSet64}";
    }

    /// <summary>
    /// Kestrel's own meters: open connections, those upgraded to WebSockets, and the bytes of its memory pool that
    /// connections hold right now (allocated, less evicted, less what sits free in the pool).
    /// </summary>
    private sealed class KestrelGauges : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _sums = new();

        public KestrelGauges()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is "Microsoft.AspNetCore.Server.Kestrel" or "Microsoft.AspNetCore.MemoryPool")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
                _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
            _listener.Start();
        }

        public long Connections => Sum("kestrel.active_connections");

        public long WebSockets => Sum("kestrel.upgraded_connections");

        public long BuffersInUse =>
            Sum("aspnetcore.memory_pool.allocated") - Sum("aspnetcore.memory_pool.evicted") - Sum("aspnetcore.memory_pool.pooled");

        private long Sum(string instrument) => _sums.GetValueOrDefault(instrument);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class HostedApp : WebApplicationFactory<Program>
    {
        private readonly string _dataFolder;

        public HostedApp(string dataFolder)
        {
            // Outside a test project there is no solution-relative content root to find; the app needs none.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PAPERNOTES_SERVER", AppContext.BaseDirectory);
            _dataFolder = dataFolder;
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:Path", _dataFolder);
            // Writes are spread over 200 users but a fast run may still exceed the production per-user limit.
            builder.UseSetting("Api:RateLimit:PermitLimit", "1000000");
            // The 200 users all sign in from 127.0.0.1.
            builder.UseSetting("Auth:RateLimit:PermitLimit", "1000000");
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, EchoHubStartup>());
        }
    }

    /// <summary>Mounts the echo hub ahead of the app's own pipeline, so it shares the server but not its middleware.</summary>
    private sealed class EchoHubStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench", bench =>
            {
                bench.UseRouting();
                bench.UseEndpoints(endpoints => endpoints.MapHub<EchoHub>("/echo"));
            });
            next(app);
        };
    }
}

/// <summary>The bare floor: one hub method that answers its argument.</summary>
public sealed class EchoHub : Hub
{
    public long Echo(long sentAt) => sentAt;
}
