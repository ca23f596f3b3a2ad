using Microsoft.Playwright;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.EndToEnd.Tests;

/// <summary>
/// A real browser (Debian's chromium driven by Playwright, no browser download) against the real
/// app on Kestrel, in one session: setup, study, uploads, transcription, search, codings, journey
/// curve, personas, a rendered and downloaded film. Screenshots of each step go to artifacts/e2e/.
/// </summary>
public class BrowserTests
{
    private static readonly string Artifacts = Path.GetFullPath(Path.Combine(TestMedia.FixturesFolder, "..", "artifacts", "e2e"));

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private static string Origin(IPage page) => new Uri(page.Url).GetLeftPart(UriPartial.Authority);

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    /// <summary>
    /// Waits until the browser is on <paramref name="url"/> and the page's layout is parsed. Waiting
    /// for the load event instead once hung for 30 s in CI after a POST-redirect-GET, with the URL
    /// already matching and "networkidle" seen but not "load"; what the next step needs is the
    /// page's content, which the layout's last element proves is there.
    /// </summary>
    private static async Task ArriveAsync(IPage page, string url)
    {
        await page.WaitForURLAsync(url, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.WaitForSelectorAsync("body > script[src*='search.js']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    }

    [Fact]
    public async Task Researcher_SetsUpStudio_UploadsInterviews_TheyAreTranscribedSearchedCodedAndFilmed()
    {
        Directory.CreateDirectory(Artifacts);
        await using var studio = await StudioProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        try
        {
            await RunSessionAsync(page, studio);
        }
        catch (Exception ex)
        {
            // A failure in CI leaves only this message: carry the page, the URL and the server's log.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "failure.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(Artifacts, "studio.log"), studio.Log);
            throw new InvalidOperationException($"{ex.Message}\nAt {page.Url}\nStudio log:\n{studio.Log}", ex);
        }
    }

    private static async Task RunSessionAsync(IPage page, StudioProcess studio)
    {
        var errors = new List<string>();
        // Script errors only: the refused upload's 422 is an expected failed resource.
        page.PageError += (_, e) => errors.Add(e);

        // First run asks for an administrator.
        await page.GotoAsync(studio.Address.ToString());
        Assert.EndsWith("/Setup", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=UserName]", "claire");
        await page.FillAsync("input[name=DisplayName]", "Claire Martin");
        await page.FillAsync("input[name=Password]", "une phrase de passe");
        await ShotAsync(page, "01-setup");
        await page.ClickAsync("button[type=submit]");
        await ArriveAsync(page, studio.Address.ToString());

        // Create a study.
        // English, so the engine CI really runs (pocketsphinx) transcribes it end to end.
        await page.FillAsync("input[name=Name]", "Assurance habitation — parcours sinistre");
        await page.SelectOptionAsync("select[name=Language]", "en");
        await page.ClickAsync("form.create-study button[type=submit]");
        await ArriveAsync(page, "**/Studies/Details/**");
        Assert.Contains("Assurance habitation — parcours sinistre", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        var studyUrl = page.Url;
        await ShotAsync(page, "02-study-created");

        // Upload two real interviews and one bad file through the page's upload form.
        var folder = TestMedia.TempFolder("e2e-upload");
        var bad = Path.Combine(folder, "compte-rendu.mp4");
        await File.WriteAllTextAsync(bad, "pas une vidéo");
        // A third participant (jfk) so that personas can be drafted (clustering needs three).
        await page.SetInputFilesAsync("#upload-files", [TestMedia.Fixture("audio/test_en-leopard.wav"), TestMedia.Fixture("video/bbaf2n.mpg"), TestMedia.Fixture("audio/jfk.wav"), bad]);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-results li:nth-child(4)");
        var results = await page.InnerTextAsync("#upload-results");
        Assert.Contains("test_en-leopard.wav — Stored", results, StringComparison.Ordinal);
        Assert.Contains("bbaf2n.mpg — Stored", results, StringComparison.Ordinal);
        Assert.Contains("jfk.wav — Stored", results, StringComparison.Ordinal);
        Assert.Contains("compte-rendu.mp4 — This is not a readable audio or video file", results, StringComparison.Ordinal);
        await ShotAsync(page, "03-uploaded");

        // The page follows the pipeline live until all three are ready.
        await page.WaitForSelectorAsync("#interviews tbody tr:nth-child(3)", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#interviews [data-field=status]')].map(e => e.textContent).filter(t => t === 'Ready').length === 3",
            null,
            new PageWaitForFunctionOptions { Timeout = 180_000 });
        await ShotAsync(page, "04-interviews-ready");

        // The audio interview has a real transcript (pocketsphinx), with timed segments.
        await page.ClickAsync("#interviews a:has-text('test_en-leopard')");
        await ArriveAsync(page, "**/Interviews/Details/**");
        var transcript = (await page.InnerTextAsync("#segments")).ToLowerInvariant();
        var reference = (await File.ReadAllTextAsync(TestMedia.Fixture("references/test_en-leopard.txt"))).ToLowerInvariant();
        var heard = reference.Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 4 && transcript.Contains(w, StringComparison.Ordinal)).ToList();
        Assert.True(heard.Count >= 3, "Transcript: " + transcript);
        await ShotAsync(page, "05-transcript");

        // Search finds a word of it; the hit plays that moment.
        var word = heard[^1];
        await page.ClickAsync("nav a:has-text('Recherche')");
        await page.FillAsync("input[name=q]", word);
        await page.PressAsync("input[name=q]", "Enter");
        await page.WaitForSelectorAsync("li.hit mark");
        Assert.Contains(word, (await page.InnerTextAsync("li.hit mark")).ToLowerInvariant(), StringComparison.Ordinal);
        await ShotAsync(page, "06-search");
        var href = await page.GetAttributeAsync("li.hit a.time", "href");
        var startMs = long.Parse(href!.Split("t=")[1], System.Globalization.CultureInfo.InvariantCulture);
        await page.ClickAsync("li.hit a.time");
        await ArriveAsync(page, "**/Interviews/Details/**");
        await page.WaitForFunctionAsync($"() => Math.abs(document.getElementById('player').currentTime * 1000 - {startMs}) < 300", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        await ShotAsync(page, "07-hit-played");
        await page.GotoAsync(studyUrl);

        // Open the video interview: the player gets a browser-playable preview and seeks.
        await page.ClickAsync("#interviews a:has-text('bbaf2n')");
        await ArriveAsync(page, "**/Interviews/Details/**");
        await page.WaitForFunctionAsync("() => document.getElementById('player').readyState >= 1", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        var duration = await page.EvaluateAsync<double>("() => document.getElementById('player').duration");
        Assert.InRange(duration, 2.5, 3.5);
        await page.EvaluateAsync("() => { const p = document.getElementById('player'); p.currentTime = 1.5; }");
        await page.WaitForFunctionAsync("() => Math.abs(document.getElementById('player').currentTime - 1.5) < 0.2");
        await ShotAsync(page, "08-interview-player");

        // The jobs page lists the finished stages.
        await page.ClickAsync("nav a:has-text('Tâches')");
        var jobs = await page.InnerTextAsync("#jobs");
        Assert.Contains("interview.normalise", jobs, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed", jobs, StringComparison.Ordinal);
        await ShotAsync(page, "09-jobs");

        var studyId = studyUrl.TrimEnd('/').Split('/')[^1];
        await ReviewCodingsAsync(page, studyUrl);
        await JourneyCurveAsync(page, studyId);
        await PersonasAsync(page, studyId);
        await MontageAsync(page, studyId);
        await AcceptAutomaticProposalAsync(page);
        Assert.Empty(errors);
    }

    /// <summary>
    /// Codes each interview by hand with a different profile, accepts a coding (the analyser's
    /// proposal when it made one) and changes one's tonality and step.
    /// </summary>
    private static async Task ReviewCodingsAsync(IPage page, string studyUrl)
    {
        (string Interview, string Kind, string Tonality, int Step)[] plan =
            [("test_en-leopard", "Enchantment", "Enchantement", 1), ("bbaf2n", "Irritant", "Irritant", 3), ("jfk", "Expectation", "Deception", 5)];
        foreach (var (interview, kind, tonality, step) in plan)
        {
            await page.GotoAsync(studyUrl);
            await page.ClickAsync($"#interviews a:has-text('{interview}')");
            await ArriveAsync(page, "**/Interviews/Details/**");
            await page.ClickAsync("#coding-link");
            await ArriveAsync(page, "**/Interviews/Coding/**");
            Assert.Contains(interview, await page.InnerTextAsync("h1"), StringComparison.Ordinal);
            var before = await page.Locator(".codings .coding").CountAsync();
            var segment = page.Locator("#coding-segments li.segment").First;
            await segment.Locator("details.hand-code summary").ClickAsync();
            var form = segment.Locator("details.hand-code form");
            await form.Locator("select[name=kind]").SelectOptionAsync(kind);
            await form.Locator("select[name=tonality]").SelectOptionAsync(tonality);
            await form.Locator("select[name=step]").SelectOptionAsync(new SelectOptionValue { Index = step });
            await form.Locator("button[type=submit]").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.querySelectorAll('.codings .coding').length === {before + 1}");
            Assert.Empty(await page.Locator("#coding-error").AllAsync());
            await ShotAsync(page, "10-coded-" + interview);
        }

        // Accept the analyser's proposal when it made one (pocketsphinx's English text of these
        // short clips usually yields none: then the hand coding, already accepted, is the target;
        // AcceptAutomaticProposalAsync accepts a real proposal on a French interview).
        var proposed = page.Locator(".coding[data-proposed=true]");
        var hadProposal = await proposed.CountAsync() > 0;
        var target = hadProposal ? proposed.First : page.Locator(".codings .coding").First;
        var targetId = await target.GetAttributeAsync("id");
        await target.Locator("form.accept-form button").ClickAsync();
        await page.WaitForSelectorAsync($"#{targetId}.review-accepted[data-proposed=false]");
        await ShotAsync(page, "11-coding-accepted");

        // Change that coding: tonality Plaisir, the second step.
        var coding = page.Locator("#" + targetId);
        await coding.Locator("details summary").Last.ClickAsync();
        var change = coding.Locator("form.change-form");
        await change.Locator("select[name=tonality]").SelectOptionAsync("Plaisir");
        var stepLabel = (await change.Locator("select[name=step] option").Nth(2).InnerTextAsync()).Trim();
        await change.Locator("select[name=step]").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await change.Locator("button[type=submit]").ClickAsync();
        await page.WaitForFunctionAsync(
            "([id, step]) => { const m = document.querySelector('#' + id + ' p.meta'); return m && m.textContent.includes('Plaisir (+1)') && m.textContent.includes(step); }",
            new[] { targetId, stepLabel });
        if (hadProposal)
        {
            Assert.Equal(1, await page.Locator($"#{targetId}.review-modified").CountAsync());
        }

        await ShotAsync(page, "12-coding-changed");
    }

    /// <summary>The journey curve of all codings shows a point per coded step.</summary>
    private static async Task JourneyCurveAsync(IPage page, string studyId)
    {
        await page.GotoAsync(Origin(page) + $"/Studies/Journey/{studyId}?scope=all");
        Assert.Contains("Courbe émotionnelle", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#curve svg circle").CountAsync() >= 3, "Journey curve: " + await page.InnerHTMLAsync("#curve"));
        var counts = await page.Locator("#steps tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.True(counts.Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)) >= 3, "Steps n: " + string.Join(", ", counts));
        await ShotAsync(page, "13-journey");
    }

    /// <summary>Drafts personas from the three coded participants and opens a card.</summary>
    private static async Task PersonasAsync(IPage page, string studyId)
    {
        await page.GotoAsync(Origin(page) + "/Studies/Details/" + studyId);
        await page.ClickAsync("#personas-link");
        await ArriveAsync(page, "**/Personas/**");
        await page.SelectOptionAsync("select[name=K]", "2");
        await page.ClickAsync("#draft-personas");
        await page.WaitForSelectorAsync("#draft-message, #draft-error");
        Assert.Empty(await page.Locator("#draft-error").AllAsync());
        Assert.Contains("3 participants", await page.InnerTextAsync("#draft-message"), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("article.persona-card").CountAsync());
        var card = page.Locator("article.persona-card").First;
        var members = await card.Locator(".persona-members").InnerTextAsync();
        Assert.Matches("P0[1-3]", members);
        await ShotAsync(page, "14-personas");

        // The persona card opens in its editor.
        var label = await card.Locator("h2").InnerTextAsync();
        await card.Locator(".persona-actions a:has-text('Modifier')").ClickAsync();
        await ArriveAsync(page, "**/Personas/Edit/**");
        Assert.Equal(label.Trim(), await page.InputValueAsync("input[name='Form.Label']"));
        await ShotAsync(page, "15-persona-card");
    }

    /// <summary>
    /// A French interview of the demo study with its reference SRT imported through the interview
    /// page (stored as an import, not as ASR): the analyser proposes codings on it, one is accepted
    /// in the coding page, and the reviewed journey curve then counts it with its words.
    /// </summary>
    private static async Task AcceptAutomaticProposalAsync(IPage page)
    {
        await page.GotoAsync(Origin(page) + "/");
        await page.FillAsync("input[name=Name]", "Parcours client — import");
        await page.SelectOptionAsync("select[name=Language]", "fr");
        await page.ClickAsync("form.create-study button[type=submit]");
        await ArriveAsync(page, "**/Studies/Details/**");
        var studyId = page.Url.TrimEnd('/').Split('/')[^1];
        await page.SetInputFilesAsync("#upload-files", [TestMedia.Fixture("demo-fr/E02-thomas.mp3")]);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-results li");
        Assert.Contains("E02-thomas.mp3 — Stored", await page.InnerTextAsync("#upload-results"), StringComparison.Ordinal);

        // No French engine may be installed: the pipeline then stops at transcription (Failed),
        // which is where a researcher imports the transcript they have.
        await page.WaitForFunctionAsync(
            "() => ['Ready', 'Failed'].includes(document.querySelector('#interviews [data-field=status]')?.textContent)",
            null,
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        await page.ClickAsync("#interviews a:has-text('E02-thomas')");
        await ArriveAsync(page, "**/Interviews/Details/**");
        var interviewUrl = page.Url;
        await page.ClickAsync("#import-transcript");
        await ArriveAsync(page, "**/Transcripts/Import/**");
        await page.SetInputFilesAsync("input[name=file]", TestMedia.Fixture("demo-fr/E02-thomas.srt"));
        await page.ClickAsync("form[enctype='multipart/form-data'] button[type=submit]");
        await ArriveAsync(page, interviewUrl);
        Assert.Contains("smartphone", await page.InnerTextAsync("#segments"), StringComparison.Ordinal);
        Assert.StartsWith("import-srt", (await page.InnerTextAsync("section.transcript > p.meta:not(#transcribe-message)")).Trim(), StringComparison.Ordinal);

        // Running the pipeline again keeps the imported transcript and analyses it.
        await page.SelectOptionAsync("#transcribe-engine", "");
        await page.ClickAsync("#transcribe-form button[type=submit]");
        await page.WaitForSelectorAsync("#transcribe-message");
        Assert.Contains("Transcription queued", await page.InnerTextAsync("#transcribe-message"), StringComparison.Ordinal);
        await ShotAsync(page, "18-transcript-imported");
        await page.ClickAsync("#coding-link");
        await ArriveAsync(page, "**/Interviews/Coding/**");
        var codingUrl = page.Url;
        var proposals = page.Locator(".coding[data-proposed=true]");
        for (var waited = 0; await proposals.CountAsync() == 0; waited++)
        {
            Assert.True(waited < 90, "No proposal after 90 s. Jobs: " + await PageTextAsync(page, Origin(page) + "/Jobs", "#jobs"));
            await Task.Delay(1000);
            await page.GotoAsync(codingUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await ArriveAsync(page, codingUrl);
        }

        // A proposal placed on a step of the journey, so the curve shows where it went.
        ILocator? chosen = null;
        var stepLabel = "";
        foreach (var proposal in await proposals.AllAsync())
        {
            var fields = (await proposal.Locator("p.meta").InnerTextAsync()).Split(" · ");
            if (fields.Length > 2 && fields[2].Trim().Length > 0)
            {
                (chosen, stepLabel) = (proposal, fields[2].Trim());
                break;
            }
        }

        Assert.NotNull(chosen);
        var id = await chosen.GetAttributeAsync("id");
        var words = (await chosen.Locator("p").First.InnerTextAsync()).Trim().Trim('«', '»').Trim();
        Assert.Contains("Proposed", await chosen.Locator("p.meta").InnerTextAsync(), StringComparison.Ordinal);
        await chosen.Locator("form.accept-form button").ClickAsync();
        await page.WaitForSelectorAsync($"#{id}.review-accepted[data-proposed=false]");
        Assert.Contains("Accepted", await page.InnerTextAsync($"#{id} p.meta"), StringComparison.Ordinal);
        await ShotAsync(page, "19-proposal-accepted");

        // The reviewed curve counts accepted proposals only: this one, at its step, with its words.
        await page.GotoAsync(Origin(page) + $"/Studies/Journey/{studyId}");
        await ArriveAsync(page, "**/Studies/Journey/**");
        var steps = (await page.Locator("#steps tbody tr td:first-child").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        var counts = await page.Locator("#steps tbody tr td:nth-child(2)").AllInnerTextsAsync();
        var at = steps.IndexOf(stepLabel);
        Assert.True(at >= 0, $"Step '{stepLabel}' not in the curve's table: {string.Join(", ", steps)}");
        Assert.Equal("1", counts[at].Trim());
        Assert.Equal(1, counts.Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
        await page.Locator("#steps tbody tr td:first-child a").Nth(at).ClickAsync();
        await page.WaitForSelectorAsync("#verbatims li.verbatim");
        var verbatims = await page.InnerTextAsync("#verbatims");
        Assert.Contains(words, verbatims, StringComparison.Ordinal);
        Assert.Contains("Accepted", verbatims, StringComparison.Ordinal);
        await ShotAsync(page, "20-journey-accepted-proposal");
    }

    private static async Task<string> PageTextAsync(IPage page, string url, string selector)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync(selector);
        return await page.InnerTextAsync(selector);
    }

    /// <summary>Plans a film from the study's codings, renders it and downloads the MP4.</summary>
    private static async Task MontageAsync(IPage page, string studyId)
    {
        await page.GotoAsync(Origin(page) + "/Studies/Details/" + studyId);
        await page.ClickAsync("a:has-text('Films de verbatims')");
        await ArriveAsync(page, "**/Montages/Index/**");
        await page.FillAsync("#montage-form input[name='Form.Title']", "Film e2e");
        await page.ClickAsync("#montage-form button[type=submit]");
        await ArriveAsync(page, "**/Montages/Details/**");
        Assert.Equal("Film e2e", (await page.InnerTextAsync("h1")).Trim());
        // One clip per coded passage: the three hand codings (one of them changed).
        Assert.Equal(3, await page.Locator("#plan tbody tr:not(.section)").CountAsync());
        await ShotAsync(page, "16-montage-plan");

        await page.ClickAsync("#render button:has-text('Lancer le rendu')");
        // montage.js polls the job and reloads the page when the render ends.
        await page.WaitForSelectorAsync("#render p.downloads", new PageWaitForSelectorOptions { Timeout = 180_000 });
        Assert.Equal("Rendered", (await page.InnerTextAsync("#montage-status")).Trim());
        await ShotAsync(page, "17-montage-rendered");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#render p.downloads a:has-text('MP4')"));
        var file = Path.Combine(Artifacts, "montage.mp4");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000, "MP4 of " + bytes.Length + " bytes");
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        var probe = new System.Diagnostics.ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", file })
        {
            probe.ArgumentList.Add(arg);
        }

        using var ffprobe = System.Diagnostics.Process.Start(probe)!;
        var seconds = double.Parse((await ffprobe.StandardOutput.ReadToEndAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await ffprobe.WaitForExitAsync();
        Assert.InRange(seconds, 1, 600);
    }
}
