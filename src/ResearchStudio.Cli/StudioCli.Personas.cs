using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Data.Studies;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Crm;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>`personas draft &lt;study&gt; [--k n]` and `personas score-crm &lt;study&gt; &lt;file.csv&gt; --out scored.csv [--threshold 0.5] [--segment col] [--revenue col]`.</summary>
    public static Command PersonasCommand()
    {
        var personas = new Command("personas", "Draft personas and find them in a customer base");
        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };

        var k = new Option<int?>("--k") { Description = "Number of personas (default: chosen by silhouette, 2 to 6)" };
        var draft = new Command("draft", "Cluster the participants into draft persona cards (keeps researcher edits)") { studyArg, k };
        draft.SetAction((parse, ct) => WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
        {
            try
            {
                var result = await services.GetRequiredService<PersonaService>().DraftAsync(studyId, parse.GetValue(k), ct);
                Write(parse, result.Personas.Select(p => new { p.Id, p.Label, p.Share, members = p.Card.Members.Select(m => m.Pseudonym) }),
                    string.Join(Environment.NewLine, result.Personas.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Id:D}  {p.Share:P0}  {p.Label}  ({string.Join(", ", p.Card.Members.Select(m => m.Pseudonym))})"))));
                return 0;
            }
            catch (ArgumentException e)
            {
                return Fail(e.Message);
            }
        }));

        var fileArg = new Argument<FileInfo>("file") { Description = "Customer CSV (semicolon or comma, UTF-8 or Windows-1252)" };
        var output = new Option<FileInfo>("--out") { Description = "Scored CSV to write", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Confidence needed to assign a persona (0..1)", DefaultValueFactory = _ => 0.5 };
        var segment = new Option<string?>("--segment") { Description = "Existing segmentation column to cross with" };
        var revenue = new Option<string?>("--revenue") { Description = "Revenue column (default: detected by name)" };
        var score = new Command("score-crm", "Score a customer file against the study's personas (one proximity model per persona, CX-METHOD §3)") { studyArg, fileArg, output, threshold, segment, revenue };
        score.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(fileArg)!;
            if (!file.Exists)
            {
                return Fail($"No file {file.FullName}.");
            }

            return await WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
            {
                var inputs = await services.GetRequiredService<CrmScoringService>().PersonasAsync(studyId, ct);
                var lookAlikes = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonasOptions>>().Value.LookAlikesPerPersona;
                var outPath = parse.GetValue(output)!.FullName;
                try
                {
                    Core.Personas.CrmSummary summary;
                    await using (var stream = new FileStream(outPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        summary = CrmScorer.Score(() => file.OpenRead(), stream, new CrmScoringRequest(inputs, parse.GetValue(threshold), parse.GetValue(segment), parse.GetValue(revenue), lookAlikes), null, ct);
                    }

                    Write(parse, summary, string.Create(CultureInfo.InvariantCulture, $"{summary.Rows} rows, {summary.Scored} scored, {summary.Assigned} assigned (coverage {summary.Coverage:P1}); ")
                        + string.Join("; ", summary.Personas.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label}: {p.Count}"))) + Environment.NewLine + "Wrote " + outPath);
                    return 0;
                }
                catch (Exception e) when (e is CrmFileException or ArgumentException)
                {
                    File.Delete(outPath);
                    return Fail(e.Message);
                }
            });
        });

        personas.Subcommands.Add(draft);
        personas.Subcommands.Add(score);
        return personas;
    }
}
