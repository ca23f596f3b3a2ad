using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>`privacy scan &lt;study&gt;` proposes identifying entities; `privacy list &lt;study&gt;` shows them for review.</summary>
    public static Command PrivacyCommand()
    {
        var privacy = new Command("privacy", "Pseudonymisation: find identifying entities and list them for review (review on the study's Pseudonymisation page)");
        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };
        var scan = new Command("scan", "Detect names, e-mails, phones, addresses and internal ids in the latest transcripts; propose one stable pseudonym each") { studyArg };
        scan.SetAction((parse, ct) => WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
        {
            var summary = await services.GetRequiredService<PseudonymisationService>().ScanAsync(studyId, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Entities} entities ({summary.New} new), {summary.Occurrences} mentions."));
            return 0;
        }));

        var listStudy = new Argument<string>("study") { Description = "Study id or exact name" };
        var list = new Command("list", "List a study's entities: kind, state, pseudonym, mentions, original") { listStudy };
        list.SetAction((parse, ct) => WithStudyAsync(parse, listStudy, ct, async (services, studyId) =>
        {
            foreach (var e in await services.GetRequiredService<PseudonymisationService>().ListAsync(studyId, ct))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Id}\t{e.Kind}\t{e.State}\t{e.Pseudonym}\t{e.Occurrences.Count}\t{e.Original}"));
            }

            return 0;
        }));

        privacy.Subcommands.Add(scan);
        privacy.Subcommands.Add(list);
        return privacy;
    }
}
