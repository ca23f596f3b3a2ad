using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResearchStudio.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MontageRender : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "Montages",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "EdlName",
                table: "Montages",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "Montages",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "JobId",
                table: "Montages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlanJson",
                table: "Montages",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RenderedAt",
                table: "Montages",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SelectionJson",
                table: "Montages",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "Montages",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SrtName",
                table: "Montages",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Montages",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VttName",
                table: "Montages",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "EdlName",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "Error",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "PlanJson",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "RenderedAt",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "SelectionJson",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "SettingsJson",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "SrtName",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Montages");

            migrationBuilder.DropColumn(
                name: "VttName",
                table: "Montages");
        }
    }
}
