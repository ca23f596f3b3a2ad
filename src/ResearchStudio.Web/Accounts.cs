using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Data;

namespace ResearchStudio.Web;

/// <summary>
/// Local accounts with ASP.NET Core Identity on the studio database. Everything needs a signed-in
/// user; anything that changes state needs the administrator or researcher role.
/// </summary>
public static class Accounts
{
    /// <summary>Policy for every state-changing request.</summary>
    public const string EditPolicy = "Edit";

    /// <summary>Policy for account management.</summary>
    public const string AdminPolicy = "Admin";

    public static IServiceCollection AddStudioAccounts(this IServiceCollection services)
    {
        services.AddIdentity<StudioUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<StudioDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Denied";
            o.Cookie.Name = "studio.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            // Scripts and players get a status code, not a login page.
            o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(EditPolicy, p => p.RequireRole(StudioRoles.Administrator, StudioRoles.Researcher))
            .AddPolicy(AdminPolicy, p => p.RequireRole(StudioRoles.Administrator));
        services.AddSingleton<SetupState>();
        return services;
    }

    /// <summary>
    /// Sends a fresh install to the setup page until an administrator exists, and refuses any
    /// state-changing request from a user without an editing role (viewers read only).
    /// </summary>
    public static WebApplication UseStudioAccounts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        // Before authorization: a fresh install must reach /Setup, and a viewer's POST is refused
        // the same way whatever page or endpoint it targets.
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var setup = context.RequestServices.GetRequiredService<SetupState>();
            if (!await setup.HasUsersAsync(context.RequestServices) && !path.StartsWithSegments("/Setup", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect("/Setup");
                return;
            }

            var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
            var isAccountPath = path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/Setup", StringComparison.OrdinalIgnoreCase);
            if (unsafeMethod && !isAccountPath && context.User.Identity?.IsAuthenticated == true
                && !context.User.IsInRole(StudioRoles.Administrator) && !context.User.IsInRole(StudioRoles.Researcher))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Your account can read but not change anything.");
                return;
            }

            await next(context);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>Creates the roles (idempotent).</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StudioRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/media", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/exports", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Remembers once an account exists, so the check costs one query per process.</summary>
public sealed class SetupState
{
    private volatile bool _hasUsers;

    public async Task<bool> HasUsersAsync(IServiceProvider services)
    {
        if (_hasUsers)
        {
            return true;
        }

        var db = services.GetRequiredService<StudioDbContext>();
        _hasUsers = await db.Users.AnyAsync();
        return _hasUsers;
    }

    public void MarkHasUsers() => _hasUsers = true;
}
