using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Data;

namespace ResearchStudio.Web.Pages.Admin;

[Authorize(Policy = Accounts.AdminPolicy)]
public sealed class UsersModel(UserManager<StudioUser> users) : PageModel
{
    public List<(StudioUser User, string Role)> Users { get; } = [];

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, string? password, string? role)
    {
        if (role is null || !StudioRoles.All.Contains(role))
        {
            return BadRequest("Unknown role.");
        }

        var user = new StudioUser { UserName = (userName ?? "").Trim(), DisplayName = string.IsNullOrWhiteSpace(displayName) ? (userName ?? "").Trim() : displayName.Trim() };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            Errors.AddRange(created.Errors.Select(e => e.Description));
            Response.StatusCode = 400;
            await LoadAsync();
            return Page();
        }

        await users.AddToRoleAsync(user, role);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(string? userId, string? role)
    {
        var user = await users.FindByIdAsync(userId ?? "");
        if (user is null || role is null || !StudioRoles.All.Contains(role))
        {
            return BadRequest("Unknown user or role.");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(StudioRoles.Administrator) && role != StudioRoles.Administrator
            && (await users.GetUsersInRoleAsync(StudioRoles.Administrator)).Count == 1)
        {
            Errors.Add("The studio needs at least one administrator.");
            Response.StatusCode = 400;
            await LoadAsync();
            return Page();
        }

        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            Users.Add((user, (await users.GetRolesAsync(user)).FirstOrDefault() ?? ""));
        }
    }
}
