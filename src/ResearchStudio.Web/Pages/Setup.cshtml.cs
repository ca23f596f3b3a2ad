using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Data;

namespace ResearchStudio.Web.Pages;

/// <summary>First run: creates the administrator. Closed for good once any account exists.</summary>
[AllowAnonymous]
public sealed class SetupModel(UserManager<StudioUser> users, SignInManager<StudioUser> signIn, SetupState setup) : PageModel
{
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync() =>
        await setup.HasUsersAsync(HttpContext.RequestServices) ? Redirect("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(string? userName, string? displayName, string? password)
    {
        if (await setup.HasUsersAsync(HttpContext.RequestServices))
        {
            return Redirect("/Account/Login");
        }

        await Accounts.EnsureRolesAsync(HttpContext.RequestServices);
        var user = new StudioUser { UserName = (userName ?? "").Trim(), DisplayName = string.IsNullOrWhiteSpace(displayName) ? (userName ?? "").Trim() : displayName.Trim() };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            Errors.AddRange(created.Errors.Select(e => e.Description));
            Response.StatusCode = 400;
            return Page();
        }

        await users.AddToRoleAsync(user, StudioRoles.Administrator);
        setup.MarkHasUsers();
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/");
    }
}
