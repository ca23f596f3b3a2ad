using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;

namespace ResearchStudio.Tests.Shared;

/// <summary>Signs a test client in through the real pages: first-run setup, then the login form.</summary>
internal static partial class StudioLogin
{
    public const string Password = "correct horse battery";

    private static readonly SemaphoreSlim SetupLock = new(1, 1);

    /// <summary>A client signed in with the given role (the administrator is created through /Setup on first use).</summary>
    public static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> app, string role = StudioRoles.Administrator, bool allowAutoRedirect = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        await SetupLock.WaitAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Users.AnyAsync())
            {
                var first = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                var token = await TokenAsync(first, "/Setup");
                var response = await first.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "admin",
                    ["DisplayName"] = "Admin",
                    ["Password"] = Password,
                    ["__RequestVerificationToken"] = token,
                }));
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    throw new InvalidOperationException("Setup failed: " + response.StatusCode);
                }
            }
        }
        finally
        {
            SetupLock.Release();
        }

        var userName = "admin";
        if (role != StudioRoles.Administrator)
        {
            userName = role.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..6];
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StudioUser>>();
            var user = new StudioUser { UserName = userName, DisplayName = userName };
            if (!(await users.CreateAsync(user, Password)).Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
            {
                throw new InvalidOperationException("Could not create " + userName);
            }
        }

        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var browser = allowAutoRedirect ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true }) : client;
        var loginToken = await TokenAsync(client, "/Account/Login");
        var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = loginToken,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Login failed: " + login.StatusCode);
        }

        if (!ReferenceEquals(browser, client))
        {
            // Same cookie, new client that follows redirects.
            foreach (var cookie in login.Headers.GetValues("Set-Cookie"))
            {
                browser.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
            }
        }

        return browser;
    }

    /// <summary>Reads the antiforgery token of a page (the cookie stays in the client).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(url);
        return TokenRegex().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
