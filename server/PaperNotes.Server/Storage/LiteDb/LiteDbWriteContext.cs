using LiteDB;

namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>A write on LiteDB: the database, inside the group commit's transaction on the writer thread.</summary>
public sealed class LiteDbWriteContext(ILiteDatabase database) : WriteContext
{
    public ILiteDatabase Database { get; } = database;
}

public static class LiteDbWriteExtensions
{
    /// <summary>The LiteDB transaction of a write; only LiteDB stores call it, and only the LiteDB engine runs them.</summary>
    public static ILiteDatabase LiteDb(this WriteContext context) => ((LiteDbWriteContext)context).Database;

    /// <summary>A synchronous write on the LiteDB engine's writer thread, for LiteDB-only stores.</summary>
    public static Task<T> WriteLiteDbAsync<T>(this IDurableWriter writer, Func<ILiteDatabase, T> write,
        CancellationToken cancellationToken = default) =>
        writer.WriteAsync(context => Task.FromResult(write(context.LiteDb())), cancellationToken);
}
