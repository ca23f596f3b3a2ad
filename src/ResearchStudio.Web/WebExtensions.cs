using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using ResearchStudio.Data;

namespace ResearchStudio.Web;

public static class WebExtensions
{
    /// <summary>Razor Pages, antiforgery and data protection keys kept in the data folder.</summary>
    public static IServiceCollection AddStudioWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var dataFolder = configuration.GetSection(StudioDataOptions.Section).Get<StudioDataOptions>()?.DataFolderFullPath
            ?? new StudioDataOptions().DataFolderFullPath;
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        // French text stays readable in the HTML (é, not &#xE9;); markup characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.ConfigureFilter(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            foreach (var page in ReindexAfterEdit.Pages.Concat(ReindexAfterEdit.StudyPages))
            {
                o.Conventions.AddPageApplicationModelConvention(page, m => m.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(ReindexAfterEdit))));
            }
        });
        services.AddScoped<ReindexAfterEdit>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        return services;
    }

    /// <summary>Security headers (CSP without inline script), static files, routing.</summary>
    public static WebApplication UseStudioWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (IsDatabaseBusy(ex) && !context.Response.HasStarted)
            {
                // Another process held the SQLite write lock for the whole busy timeout. The
                // transaction was rolled back, so nothing is half-written: tell the user to retry.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The database is busy with another task; nothing was changed. Try again in a few seconds.");
            }
        });
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseStudioAccounts();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED anywhere in the chain (EF wraps it in DbUpdateException).</summary>
    internal static bool IsDatabaseBusy(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Current upload limit for display.</summary>
    public static long MaxUploadBytes(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<StudioDataOptions>>().Value.MaxUploadBytes;
}
