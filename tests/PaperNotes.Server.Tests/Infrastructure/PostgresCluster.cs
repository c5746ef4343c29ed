using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, started from Debian's binaries on first use (initdb in a temporary
/// folder, a free loopback port, <c>fsync=on</c> and the default <c>synchronous_commit=on</c>) and stopped when the test
/// process exits. No Docker here; see tests/fixtures/README.md. As root, PostgreSQL's binaries run as <c>postgres</c>.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _bin;

    private PostgresCluster(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    /// <summary>The run's cluster, started on first use.</summary>
    public static PostgresCluster Shared => Instance.Value;

    public int Port { get; }

    /// <summary>A connection string to <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=papernotes;Database={database};Pooling=true;Maximum Pool Size=40";

    /// <summary>
    /// The database that belongs to <paramref name="owner"/> (an application's data folder, say), created empty on
    /// first use: the same owner gets the same database again, so a "restart" on one folder finds its data.
    /// </summary>
    public string DatabaseFor(string owner)
    {
        var name = "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner)))[..24];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            try { create.ExecuteNonQuery(); }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
        }
        return name;
    }

    /// <summary>
    /// The database of <paramref name="owner"/> stops answering, as when its server goes away: new connections are
    /// refused and the open ones (the application's pool) are ended.
    /// </summary>
    public async Task CutOffAsync(string owner)
    {
        var name = DatabaseFor(owner);
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using (var refuse = new NpgsqlCommand($"ALTER DATABASE {name} ALLOW_CONNECTIONS false", connection))
            await refuse.ExecuteNonQueryAsync();
        await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        await end.ExecuteNonQueryAsync();
    }

    /// <summary>A fresh empty database, for tests that start servers on it themselves.</summary>
    public string NewDatabase() => DatabaseFor(Guid.NewGuid().ToString());

    private static PostgresCluster Start()
    {
        var bin = Environment.GetEnvironmentVariable("PAPERNOTES_PG_BIN")
            ?? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql (scripts/setup-machine.sh).");
        var folder = Directory.CreateTempSubdirectory("papernotes-pg-").FullName;
        if (IsRoot) Run("chown", $"postgres \"{folder}\"");
        var port = FreePort();
        var cluster = new PostgresCluster(folder, bin, port);
        cluster.RunPostgres("initdb", $"-D \"{folder}/data\" -A trust -U papernotes --no-sync");
        cluster.RunPostgres("pg_ctl", $"-D \"{folder}/data\" -l \"{folder}/log\" -w -o \"-p {port} -k {folder} " +
            "-c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    private void Stop()
    {
        try { RunPostgres("pg_ctl", $"-D \"{_folder}/data\" -m immediate stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private void RunPostgres(string tool, string arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (IsRoot) Run("runuser", $"-u postgres -- \"{path}\" {arguments}");
        else Run(path, arguments);
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments} did not finish in 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
