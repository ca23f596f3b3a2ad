using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data.SqlServer;

namespace ResearchStudio.Data.Tests;

public class MigrationTests
{
    [Fact]
    public async Task Sqlite_MigrationsApplyForReal_AndModelHasNoPendingChanges()
    {
        await using var studio = await TestStudio.CreateAsync();
        await studio.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StudioDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges());
            var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
            Assert.Equal("wal", mode.Single());
            Assert.Equal(0, await db.Jobs.CountAsync());
            return 0;
        });
    }

    [Fact]
    public void Providers_HaveTheSameMigrations()
    {
        using var sqlServer = new DesignTimeFactory().CreateDbContext([]);
        using var sqlite = new Sqlite.DesignTimeFactory().CreateDbContext([]);
        Assert.Equal(sqlite.Database.GetMigrations(), sqlServer.Database.GetMigrations());
        Assert.False(sqlServer.Database.HasPendingModelChanges());
        Assert.False(sqlite.Database.HasPendingModelChanges());
    }

    [Fact]
    public void SqlServer_IdempotentScript_CreatesEveryTableOnce()
    {
        using var db = new DesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script, StringComparison.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        }

        // Every migration is guarded, so running the script twice is harmless.
        foreach (var id in db.Database.GetMigrations())
        {
            Assert.Contains($"[MigrationId] = N'{id}'", script, StringComparison.Ordinal);
        }

        Assert.Contains("datetimeoffset", script, StringComparison.Ordinal);
        Assert.Contains("uniqueidentifier", script, StringComparison.Ordinal);
    }
}
