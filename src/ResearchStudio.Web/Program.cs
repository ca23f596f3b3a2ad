using ResearchStudio.Composition;
using ResearchStudio.Data;
using ResearchStudio.Web;
using ResearchStudio.Web.Demo;
using ResearchStudio.Web.Endpoints;

// Our own flags are taken out before the configuration reads the command line.
var seedDemo = args.Contains("--seed-demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--seed-demo").ToArray());
builder.Services.AddStudio(builder.Configuration);
builder.Services.AddStudioWeb(builder.Configuration);
builder.Services.AddStudioAccounts();

var app = builder.Build();
await app.Services.MigrateStudioDatabaseAsync();
await Accounts.EnsureRolesAsync(app.Services);
if (seedDemo)
{
    await DemoSeeder.SeedAsync(app.Services, app.Configuration, CancellationToken.None);
}

app.UseStudioWeb();
app.MapStudioEndpoints();
app.MapRazorPages();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
