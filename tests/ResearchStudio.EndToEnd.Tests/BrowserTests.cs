using Microsoft.Playwright;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.EndToEnd.Tests;

/// <summary>
/// A real browser (Debian's chromium driven by Playwright, no browser download) against the real
/// app on Kestrel. Screenshots of each step go to artifacts/e2e/.
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

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    [Fact]
    public async Task Researcher_SetsUpStudio_UploadsInterviews_TheyAreTranscribedIndexedAndSearchable()
    {
        Directory.CreateDirectory(Artifacts);
        await using var studio = await StudioProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
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
        await page.WaitForURLAsync(studio.Address.ToString());

        // Create a study.
        // English, so the engine CI really runs (pocketsphinx) transcribes it end to end.
        await page.FillAsync("input[name=Name]", "Assurance habitation — parcours sinistre");
        await page.SelectOptionAsync("select[name=Language]", "en");
        await page.ClickAsync("form.create-study button[type=submit]");
        await page.WaitForURLAsync("**/Studies/Details/**");
        Assert.Contains("Assurance habitation — parcours sinistre", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        var studyUrl = page.Url;
        await ShotAsync(page, "02-study-created");

        // Upload two real interviews and one bad file through the page's upload form.
        var folder = TestMedia.TempFolder("e2e-upload");
        var bad = Path.Combine(folder, "compte-rendu.mp4");
        await File.WriteAllTextAsync(bad, "pas une vidéo");
        await page.SetInputFilesAsync("#upload-files", [TestMedia.Fixture("audio/test_en-leopard.wav"), TestMedia.Fixture("video/bbaf2n.mpg"), bad]);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-results li:nth-child(3)");
        var results = await page.InnerTextAsync("#upload-results");
        Assert.Contains("test_en-leopard.wav — Stored", results, StringComparison.Ordinal);
        Assert.Contains("bbaf2n.mpg — Stored", results, StringComparison.Ordinal);
        Assert.Contains("compte-rendu.mp4 — This is not a readable audio or video file", results, StringComparison.Ordinal);
        await ShotAsync(page, "03-uploaded");

        // The page follows the pipeline live until both are ready.
        await page.WaitForSelectorAsync("#interviews tbody tr:nth-child(2)", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#interviews [data-field=status]')].map(e => e.textContent).filter(t => t === 'Ready').length === 2",
            null,
            new PageWaitForFunctionOptions { Timeout = 180_000 });
        await ShotAsync(page, "04-interviews-ready");

        // The audio interview has a real transcript (pocketsphinx), with timed segments.
        await page.ClickAsync("#interviews a:has-text('test_en-leopard')");
        await page.WaitForURLAsync("**/Interviews/Details/**");
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
        await page.WaitForURLAsync("**/Interviews/Details/**");
        await page.WaitForFunctionAsync($"() => Math.abs(document.getElementById('player').currentTime * 1000 - {startMs}) < 300", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        await ShotAsync(page, "07-hit-played");
        await page.GotoAsync(studyUrl);

        // Open the video interview: the player gets a browser-playable preview and seeks.
        await page.ClickAsync("#interviews a:has-text('bbaf2n')");
        await page.WaitForURLAsync("**/Interviews/Details/**");
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
        Assert.Empty(errors);
    }
}
