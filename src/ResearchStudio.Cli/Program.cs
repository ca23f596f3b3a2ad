using System.CommandLine;
using ResearchStudio.Cli;

var root = new RootCommand("ResearchStudio: customer-research interviews, locally.");
root.Options.Add(StudioCli.DataOption);
root.Options.Add(StudioCli.JsonOption);
root.Subcommands.Add(StudioCli.StudyCommand());
root.Subcommands.Add(StudioCli.IngestCommand());
root.Subcommands.Add(StudioCli.JobsCommand());
root.Subcommands.Add(StudioCli.SearchCommand());
root.Subcommands.Add(StudioCli.MontageCommand());
root.Subcommands.Add(StudioCli.ExportCommand());
root.Subcommands.Add(StudioCli.ImportCommand());
root.Subcommands.Add(StudioCli.PersonasCommand());
root.Subcommands.Add(StudioCli.TranscribeCommand());
root.Subcommands.Add(StudioCli.PrivacyCommand());
return await root.Parse(args).InvokeAsync();
