namespace PaperNotes.Server.Tests.Infrastructure;

/// <summary>The system clock moved forward by <see cref="Offset"/>: lets a test age tokens without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public void Advance(TimeSpan by) => Offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
