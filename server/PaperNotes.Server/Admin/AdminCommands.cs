using System.Globalization;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Auth.Invites;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Admin;

/// <summary>A refusal the operator can act on: printed as it is, without a stack trace.</summary>
public sealed class AdminCommandException(string message) : Exception(message);

/// <summary>
/// The operator commands (SPEC §7), run on whichever side holds the store: the running server (asked through
/// <see cref="AdminChannel"/>) or, when none runs, the command's own process.
/// </summary>
internal sealed class AdminCommands(IServiceProvider services, IConfiguration configuration)
{
    public const string Usage = """
        Usage: PaperNotes.Server admin <command>
          users                     list the accounts
          disable-user NAME         disable an account and sign out all its devices
          invite [--count N] [--days D]   print N new single-use invite codes (default 1, valid Accounts:InviteLifetime)
          backup --to DIR           copy the store, consistently, while the server runs
          restore --from DIR        copy a backup into the empty Storage:Path (with the server stopped)
        """;

    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"], StorageOptions.Postgres,
            StringComparison.OrdinalIgnoreCase);

    /// <summary>Usage, restore (it fills an empty folder itself) and PostgreSQL's backup advice open no store.</summary>
    public static bool NeedsNoStore(string[] args, IConfiguration configuration) =>
        args is not (["users"] or ["disable-user", _] or ["invite", ..] or ["backup", "--to", _])
        || (args is ["backup", ..] && IsPostgres(configuration));

    public const string PostgresBackup = """
        The store is PostgreSQL: back it up with its own tools, which copy consistently while the server runs:
          pg_dump --format=custom --file=papernotes.dump "$DATABASE_URL"
        and restore into an empty database (then start the server, which migrates the schema if needed):
          pg_restore --no-owner --dbname="$DATABASE_URL" papernotes.dump
        """;

    public async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            switch (args)
            {
                case ["users"]:
                    await UsersAsync(output, cancellationToken);
                    return 0;
                case ["disable-user", var name]:
                    if (!await services.GetRequiredService<UserAdministration>().DisableAsync(name, cancellationToken))
                        throw new AdminCommandException($"There is no user {name}.");
                    output.WriteLine($"Disabled {name}: every device is signed out and sign-in is refused.");
                    return 0;
                case ["invite", .. var options]:
                    await InviteAsync(Options(options, "count", "days"), output, cancellationToken);
                    return 0;
                case ["backup", ..] when IsPostgres(configuration):
                case ["restore", ..] when IsPostgres(configuration):
                    output.WriteLine(PostgresBackup);
                    return 2;
                case ["backup", "--to", var folder]:
                    var summary = await services.GetRequiredService<IStoreBackup>().BackupAsync(Path.GetFullPath(folder), cancellationToken);
                    output.WriteLine($"Backed up {summary.Bytes:N0} bytes ({summary.Users} accounts) to {Path.GetFullPath(folder)}; the copy opens.");
                    return 0;
                case ["restore", "--from", var folder]:
                    Restore(Path.GetFullPath(folder), output);
                    return 0;
                default:
                    output.WriteLine(Usage);
                    return 64;
            }
        }
        catch (AdminCommandException refusal)
        {
            output.WriteLine(refusal.Message);
            return 1;
        }
    }

    private async Task UsersAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var users = await services.GetRequiredService<UserAdministration>().ListAsync(cancellationToken);
        output.WriteLine($"{"USERNAME",-32} {"CREATED (UTC)",-20} STATUS");
        foreach (var user in users)
            output.WriteLine($"{user.UserName,-32} {user.CreatedAt.ToUniversalTime():yyyy-MM-dd HH:mm}     {(user.DisabledAt is null ? "active" : "disabled")}");
        output.WriteLine($"{users.Count} accounts.");
    }

    private async Task InviteAsync(IReadOnlyDictionary<string, int> options, TextWriter output, CancellationToken cancellationToken)
    {
        var count = options.GetValueOrDefault("count", 1);
        if (count is < 1 or > 1000) throw new AdminCommandException("--count must be between 1 and 1000.");
        var lifetime = options.TryGetValue("days", out var days)
            ? TimeSpan.FromDays(days)
            : services.GetRequiredService<IOptions<RegistrationOptions>>().Value.InviteLifetime;
        if (lifetime <= TimeSpan.Zero) throw new AdminCommandException("--days must be positive.");
        var codes = await services.GetRequiredService<IInviteCodes>().CreateAsync(count, lifetime, cancellationToken);
        foreach (var code in codes) output.WriteLine(code);
        var mode = services.GetRequiredService<RegistrationGate>().Mode;
        if (mode != RegistrationMode.Invite)
            output.WriteLine($"Note: Accounts:Registration is {mode.ToString().ToLowerInvariant()}, so the register form does not ask for these codes.");
    }

    /// <summary>Into the empty data folder, from a backup that opens; only while no server uses that folder.</summary>
    private void Restore(string from, TextWriter output)
    {
        var to = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
        StoreFolder.Verify(from);
        if (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any(e => StoreFolder.IsCopied(Path.GetFileName(e))))
            throw new AdminCommandException($"Storage:Path {to} is not empty: restore only into an empty data folder.");
        Directory.CreateDirectory(to);
        var bytes = StoreFolder.Copy(from, to);
        var users = StoreFolder.Verify(to);
        output.WriteLine($"Restored {bytes:N0} bytes ({users} accounts) from {from} into {to}.");
    }

    private static Dictionary<string, int> Options(IReadOnlyList<string> args, params string[] names)
    {
        var options = new Dictionary<string, int>();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !names.Contains(name) || i + 1 >= args.Count
                || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw new AdminCommandException($"Unexpected '{args[i]}'.\n{Usage}");
            options[name] = value;
        }
        return options;
    }
}
