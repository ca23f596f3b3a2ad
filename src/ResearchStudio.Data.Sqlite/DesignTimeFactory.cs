using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ResearchStudio.Data.Sqlite;

/// <summary>Lets dotnet-ef build the SQLite model without the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StudioDbContext>
{
    public StudioDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<StudioDbContext>();
        builder.UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(ServiceCollectionExtensions.SqliteMigrationsAssembly));
        return new StudioDbContext(builder.Options);
    }
}
