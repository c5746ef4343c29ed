using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.SyncClient;

namespace PaperNotes.Bench.Sync;

/// <summary>Live sync benchmark (issue 4). <c>serve &lt;folder&gt;</c> is the server process the driver starts.</summary>
internal static class SyncBenchmark
{
    private const string BenchPassword = "correct horse battery staple";

    public static async Task<int> Main(string[] args)
    {
        if (args is ["serve", var folder]) return await BenchServer.RunAsync(folder);

        var connections = Option("--connections", 1000);
        var users = Option("--users", 200);
        var rate = Option("--rate", 100);
        var seconds = Option("--seconds", 20);
        var echoConnections = Option("--echo-connections", 50);
        var idleSeconds = Option("--idle", 0);
        var messagePack = args.Contains("--messagepack");
        var devicesPerUser = Math.Max(2, connections / users);
        Console.WriteLine($"{users} users x {devicesPerUser} devices = {users * devicesPerUser} sync connections ({(messagePack ? "MessagePack" : "JSON")}), " +
            $"{rate} writes/s and {rate} echoes/s for {seconds} s over {echoConnections} echo connections; {Environment.ProcessorCount} cores");

        var dataFolder = Directory.CreateTempSubdirectory("papernotes-bench-").FullName;
        using var server = StartServer(dataFolder);
        try
        {
            var address = new Uri((await server.StandardOutput.ReadLineAsync())!.Split(' ')[1] + "/");
            var clients = new BenchClients(address, messagePack);

            // Every user registers and signs in for real; their devices share that sign-in's access token. Every
            // personal library exists before the devices connect, as after a first sign-in.
            var signIn = Stopwatch.StartNew();
            var tokens = new string[users];
            var apis = new HttpClient[users];
            var libraries = new string[users];
            await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
            {
                await SignInFlow.RegisterAsync(address, $"user{u}", BenchPassword);
                tokens[u] = (await SignInFlow.SignInAsync(address, $"user{u}", BenchPassword)).AccessToken;
                apis[u] = clients.Api(tokens[u]);
                libraries[u] = (await apis[u].GetFromJsonAsync<JsonElement>("api/me", ct)).GetProperty("personalLibraryId").GetString()!;
            });
            Console.WriteLine($"{users} users registered and signed in in {signIn.Elapsed.TotalSeconds:F1} s; access tokens of {tokens[0].Length} characters");

            // Memory, as slopes after a warm-up (the first device of a tenth of the users) that keeps the code's
            // first runs out. A user's first device also brings that user's state (the groups of their libraries,
            // their subscriptions, the store pages read for them); every further device is one more idle connection,
            // which is what the echo floor below measures too.
            var devices = new DeviceSync[users, devicesPerUser];
            var arrivals = new ConcurrentQueue<(long Version, long At)>[users, devicesPerUser];
            var warmUsers = Math.Max(1, users / 10);
            await ConnectAsync(0, warmUsers, 0, 1);
            var (heapWarm, _) = await MemoryAsync();
            await ConnectAsync(warmUsers, users, 0, 1);
            var (heapBefore, rssBefore) = await MemoryAsync();
            await ConnectAsync(0, users, 1, devicesPerUser);
            var (heapAfter, rssAfter) = await MemoryAsync();
            var measured = users * (devicesPerUser - 1);
            var firstDevice = (heapBefore - heapWarm) / (double)(users - warmUsers);
            var furtherDevice = (heapAfter - heapBefore) / (double)measured;
            // Optionally, the same connections again after keep-alive rounds: what the server keeps for them once idle.
            double? idleGrowth = null;
            if (idleSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
                var (heapIdle, _) = await MemoryAsync();
                idleGrowth = (heapIdle - heapAfter) / (double)(users * devicesPerUser);
            }

            var echoes = new HubConnection[echoConnections];
            for (var i = 0; i < echoConnections; i++)
            {
                echoes[i] = clients.Echo().Build();
                await echoes[i].StartAsync();
                await echoes[i].InvokeAsync<long>("Echo", 0L);
            }

            // Open loop at a fixed rate: a slow answer never delays the next write, as with real independent devices.
            var acknowledged = new ConcurrentBag<(int User, long Version, long SentAt, long AckAt)>();
            var echoTimes = new ConcurrentBag<double>();
            var failures = 0;
            var inFlight = new List<Task>();
            // Warm-up: the first push per protocol builds serializers (MessagePack emits code); measure steady state.
            for (var u = 0; u < Math.Min(users, 10); u++) await WriteAsync(u, $"2312.{u:D5}");
            foreach (var warm in acknowledged)
                for (var d = 0; d < devicesPerUser; d++) await devices[warm.User, d].WaitForVersionAsync(libraries[warm.User], warm.Version);
            acknowledged.Clear();

            using (var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate)))
            {
                for (var n = 0; n < rate * seconds && await ticker.WaitForNextTickAsync(); n++)
                {
                    var user = n % users;
                    var paper = $"{2401 + n / 99999}.{n % 99999:D5}";
                    inFlight.Add(WriteAsync(user, paper));
                    inFlight.Add(EchoAsync(echoes[n % echoConnections]));
                }
            }
            await Task.WhenAll(inFlight);

            // Wait for every device to hold its user's last acknowledged version, then pair arrivals with acknowledgements.
            var lastVersion = acknowledged.GroupBy(a => a.User).ToDictionary(g => g.Key, g => g.Max(a => a.Version));
            using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                await Task.WhenAll(lastVersion.SelectMany(u => Enumerable.Range(0, devicesPerUser)
                    .Select(d => devices[u.Key, d].WaitForVersionAsync(libraries[u.Key], u.Value, patience.Token))));
            var latencies = new List<double>();
            foreach (var write in acknowledged)
                for (var d = 1; d < devicesPerUser; d++)
                {
                    var arrival = arrivals[write.User, d].Where(a => a.Version >= write.Version).Min(a => a.At);
                    latencies.Add(Stopwatch.GetElapsedTime(write.AckAt, arrival).TotalMilliseconds);
                }
            var writeTimes = acknowledged.Select(a => Stopwatch.GetElapsedTime(a.SentAt, a.AckAt).TotalMilliseconds).ToList();
            long pushes = 0, pulls = 0;
            foreach (var device in devices) { pushes += device.PushesApplied; pulls += device.Pulls; }

            Console.WriteLine();
            Console.WriteLine($"writes acknowledged      {acknowledged.Count} ({failures} failed); pushes applied {pushes}, pulls {pulls} " +
                $"({users * devicesPerUser} of them initial)");
            Report("write request -> ack", writeTimes);
            Report("ack -> other devices", latencies);
            Report("bare SignalR echo", [.. echoTimes]);
            Console.WriteLine($"ratio p99 (ack->arrival / echo): {Percentile(latencies, 0.99) / Percentile([.. echoTimes], 0.99):F2}");
            Console.WriteLine($"arrived before the writer's ack: {latencies.Count(l => l < 0) * 100.0 / latencies.Count:F1}%");
            Console.WriteLine($"server memory per user's first device: managed heap {firstDevice / 1024.0:F1} KB (with the user's own state)");
            Console.WriteLine($"server memory per further idle sync connection: managed heap {furtherDevice / 1024.0:F1} KB, " +
                $"resident {(rssAfter - rssBefore) / measured / 1024.0:F1} KB (slope over {measured} devices)");
            Console.WriteLine($"server memory per idle sync connection, all {devicesPerUser} devices of a user averaged: managed heap " +
                $"{(firstDevice + (devicesPerUser - 1) * furtherDevice) / devicesPerUser / 1024.0:F1} KB");
            if (idleGrowth is { } growth)
                Console.WriteLine($"after {idleSeconds} s more of idling: managed heap {growth / 1024.0:+0.0;-0.0} KB per sync connection");

            // The framework's own cost: the same slope for idle connections to the bare echo hub.
            var idleEchoes = new List<HubConnection>();
            var (echoHeapBefore, echoRssBefore) = await MemoryAsync();
            for (var i = 0; i < measured; i++)
            {
                var idle = clients.Echo().Build();
                await idle.StartAsync();
                // One call, as each sync device makes one (Subscriptions) before it goes idle.
                await idle.InvokeAsync<long>("Echo", 0L);
                idleEchoes.Add(idle);
            }
            var (echoHeapAfter, echoRssAfter) = await MemoryAsync();
            Console.WriteLine($"server memory per idle bare echo connection: managed heap {(echoHeapAfter - echoHeapBefore) / measured / 1024.0:F1} KB, " +
                $"resident {(echoRssAfter - echoRssBefore) / measured / 1024.0:F1} KB (the framework's floor)");

            foreach (var echo in echoes.Concat(idleEchoes)) await echo.DisposeAsync();
            await Parallel.ForEachAsync(devices.Cast<DeviceSync>(), async (device, _) => await device.DisposeAsync());
            await server.StandardInput.WriteLineAsync("quit");
            await server.WaitForExitAsync();
            return 0;

            async Task ConnectAsync(int fromUser, int toUser, int fromDevice, int toDevice)
            {
                await Parallel.ForAsync(fromUser, toUser, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
                {
                    for (var d = fromDevice; d < toDevice; d++)
                    {
                        var device = devices[u, d] = clients.Device(apis[u], tokens[u]);
                        var seen = arrivals[u, d] = new ConcurrentQueue<(long, long)>();
                        device.Updated += update => seen.Enqueue((update.Version, Stopwatch.GetTimestamp()));
                        await device.StartAsync(ct);
                        await device.WaitForVersionAsync(libraries[u], 0, ct);
                    }
                });
            }

            async Task WriteAsync(int user, string paper)
            {
                var sentAt = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await apis[user].PutAsJsonAsync($"api/libraries/{libraries[user]}/items/{paper}",
                        new { status = "to-read", tags = new[] { "bench" } });
                    var ackAt = Stopwatch.GetTimestamp();
                    response.EnsureSuccessStatusCode();
                    acknowledged.Add((user, long.Parse(response.Headers.GetValues("Last-Modified-Version").Single()), sentAt, ackAt));
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            async Task EchoAsync(HubConnection echo)
            {
                var sentAt = Stopwatch.GetTimestamp();
                await echo.InvokeAsync<long>("Echo", sentAt);
                echoTimes.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            }

            async Task<(long Heap, long Resident)> MemoryAsync()
            {
                // Let connection set-up finish and buffers drain before measuring an idle state.
                await Task.Delay(TimeSpan.FromSeconds(2));
                await server.StandardInput.WriteLineAsync("mem");
                // Skip anything else the server printed, such as a diagnostics tool's notice.
                string[] parts;
                do parts = (await server.StandardOutput.ReadLineAsync())!.Split(' ');
                while (parts[0] != "mem");
                // For heap dumps at each reading (dotnet-gcdump or dotnet-dump on the printed pid): the run waits
                // until the file named by BENCH_PAUSE exists, then deletes it and goes on.
                if (Environment.GetEnvironmentVariable("BENCH_PAUSE") is { } pauseFile)
                {
                    Console.WriteLine($"paused for a heap dump: server pid {server.Id}; create {pauseFile} to go on");
                    while (!File.Exists(pauseFile)) await Task.Delay(500);
                    File.Delete(pauseFile);
                }
                Console.WriteLine($"  (server: {parts[3]} connections open, {parts[4]} of them WebSockets; " +
                    $"Kestrel buffers held by connections {long.Parse(parts[5]) / 1024} KB)");
                return (long.Parse(parts[1]), long.Parse(parts[2]));
            }
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            Directory.Delete(dataFolder, recursive: true);
        }

        int Option(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
        }

        static Process StartServer(string dataFolder)
        {
            var self = Environment.ProcessPath!;
            var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? new ProcessStartInfo(self) { ArgumentList = { typeof(BenchClients).Assembly.Location, "serve", dataFolder } }
                : new ProcessStartInfo(self) { ArgumentList = { "serve", dataFolder } };
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            return Process.Start(start)!;
        }

        static double Percentile(IReadOnlyList<double> values, double p)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }

        static void Report(string what, IReadOnlyList<double> ms) =>
            Console.WriteLine($"{what,-24} p50 {Percentile(ms, 0.5),7:F2} ms   p99 {Percentile(ms, 0.99),7:F2} ms   max {ms.DefaultIfEmpty(double.NaN).Max(),7:F2} ms   (n={ms.Count})");
    }
}
