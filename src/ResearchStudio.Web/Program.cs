using ResearchStudio.Data;
using ResearchStudio.Exports;
using ResearchStudio.Jobs.Hangfire;
using ResearchStudio.Media;
using ResearchStudio.Search;
using ResearchStudio.Montage;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Llm;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Whisper;
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
builder.Services.AddStudioMontage(builder.Configuration);
builder.Services.AddStudioHangfire(builder.Configuration);
builder.Services.AddStudioSearch(builder.Configuration);
builder.Services.AddStudioTranscription(builder.Configuration);
builder.Services.AddWhisperTranscription(builder.Configuration);
builder.Services.AddStudioTagging(builder.Configuration);
builder.Services.AddStudioLlmTagging(builder.Configuration);
builder.Services.AddStudioExports(builder.Configuration);
builder.Services.AddStudioPersonas(builder.Configuration);
builder.Services.AddStudioPersonaNarration(builder.Configuration);
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
