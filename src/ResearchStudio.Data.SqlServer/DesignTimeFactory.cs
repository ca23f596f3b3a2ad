using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ResearchStudio.Data.SqlServer;

/// <summary>Lets dotnet-ef build the SQL Server model without a server (no connection is opened to add migrations or script them).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<StudioDbContext>
{
    public StudioDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<StudioDbContext>();
        builder.UseSqlServer("Server=localhost;Database=ResearchStudio;Integrated Security=true;TrustServerCertificate=true", o => o.MigrationsAssembly(ServiceCollectionExtensions.SqlServerMigrationsAssembly));
        return new StudioDbContext(builder.Options);
    }
}
