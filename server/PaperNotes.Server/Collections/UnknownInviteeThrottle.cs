using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Api;

namespace PaperNotes.Server.Collections;

/// <summary>Settings of shared collections (<c>Collections</c> section).</summary>
public sealed class CollectionOptions
{
    public const string Section = "Collections";

    /// <summary>Invites of unknown usernames one owner may make per window before every invite waits.</summary>
    public RateLimitOptions UnknownInviteeLimit { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };
}

/// <summary>
/// Inviting by username tells the owner whether the name exists, so invites would let anyone who owns a collection
/// list the accounts. Each invite of an unknown name spends one of the owner's lookups for the window; once they are
/// spent, every invite waits (429), a known name's too, so the answer says nothing more until the window ends. A known
/// name costs nothing: it adds that person to the collection, which they see.
/// </summary>
internal sealed class UnknownInviteeThrottle(IOptions<CollectionOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves a lookup for <paramref name="ownerId"/> before the name is looked up, so that parallel invites cannot
    /// look up more; null when reserved, otherwise how long until the owner may invite again.
    /// </summary>
    public TimeSpan? TryReserve(string ownerId)
    {
        var limit = options.Value.UnknownInviteeLimit;
        var now = clock.GetUtcNow();
        var budget = _budgets.GetOrAdd(ownerId, _ => new Budget());
        lock (budget)
        {
            if (now - budget.WindowStart >= limit.Window) (budget.WindowStart, budget.Spent) = (now, 0);
            if (budget.Spent >= limit.PermitLimit) return budget.WindowStart + limit.Window - now;
            budget.Spent++;
            return null;
        }
    }

    /// <summary>Gives the reserved lookup back: the name was known.</summary>
    public void Refund(string ownerId)
    {
        if (!_budgets.TryGetValue(ownerId, out var budget)) return;
        lock (budget) budget.Spent = Math.Max(0, budget.Spent - 1);
    }

    private sealed class Budget
    {
        public DateTimeOffset WindowStart;
        public int Spent;
    }
}
