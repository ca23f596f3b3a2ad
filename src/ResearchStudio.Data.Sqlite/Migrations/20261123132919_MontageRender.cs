using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResearchStudio.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MontageRender : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CreatedAt",
                table: "Montages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "EdlName",
                table: "Montages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Error",
                table: "Montages",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "JobId",
                table: "Montages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlanJson",
                table: "Montages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RenderedAt",
                table: "Montages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SelectionJson",
                table: "Montages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SettingsJson",
                table: "Montages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SrtName",
                table: "Montages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Montages",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VttName",
                table: "Montages",
                type: "TEXT",
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
