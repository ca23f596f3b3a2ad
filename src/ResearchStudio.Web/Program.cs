using ResearchStudio.Data;
using ResearchStudio.Jobs.Hangfire;
using ResearchStudio.Media;
using ResearchStudio.Tagging;
using ResearchStudio.Tagging.Llm;
using ResearchStudio.Web;
using ResearchStudio.Web.Demo;
using ResearchStudio.Web.Endpoints;

// Our own flags are taken out before the configuration reads the command line.
var seedDemo = args.Contains("--seed-demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--seed-demo").ToArray());
builder.Services.AddStudioData(builder.Configuration);
builder.Services.AddStudioMedia(builder.Configuration);
builder.Services.AddStudioHangfire(builder.Configuration);
builder.Services.AddStudioTagging(builder.Configuration);
builder.Services.AddStudioLlmTagging(builder.Configuration);
builder.Services.AddStudioWeb(builder.Configuration);

var app = builder.Build();
await app.Services.MigrateStudioDatabaseAsync();
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
