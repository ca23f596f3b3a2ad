using System.Net;

namespace ResearchStudio.Reliability.Tests;

/// <summary>Items of the bad-input matrix that no feature suite covered (see README.md).</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("\"livraison trop")]
    [InlineData("(livraison OR")]
    [InlineData("AND")]
    [InlineData("*")]
    [InlineData("step:")]
    [InlineData("livraison~~~2")]
    [InlineData("\\")]
    [InlineData("a:b:c:d")]
    [InlineData("conseiller^^")]
    public async Task Search_BadSyntax_HelpfulPageNever500(string query)
    {
        using var factory = new Web.Tests.StudioFactory(settings: new() { ["Studio:Jobs:RunWorker"] = "false" });
        var client = await factory.BrowserAsync();
        var response = await client.GetAsync("/Search?q=" + Uri.EscapeDataString(query));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{query} → {(int)response.StatusCode}");
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.Contains("Recherche", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_VeryLongQuery_AnsweredQuickly()
    {
        using var factory = new Web.Tests.StudioFactory(settings: new() { ["Studio:Jobs:RunWorker"] = "false" });
        var client = await factory.BrowserAsync();
        var query = string.Join(' ', Enumerable.Repeat("livraison~ tr* \"conseiller banque\" OR", 300));
        var response = await client.GetAsync("/Search?q=" + Uri.EscapeDataString(query));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
