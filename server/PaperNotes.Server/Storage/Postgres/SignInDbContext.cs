using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>
/// The tables of the well-kept sign-in stores on PostgreSQL: OpenIddict's applications, authorizations, scopes and
/// tokens (OpenIddict.EntityFrameworkCore) and ASP.NET Core Data Protection's key ring, so account cookies, antiforgery
/// tokens and every issued token stay valid across restarts and processes. Their DDL is migration
/// <c>002_sign_in.sql</c>, generated from this model (a test checks that the two agree).
/// </summary>
public sealed class SignInDbContext(DbContextOptions<SignInDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
    }
}
