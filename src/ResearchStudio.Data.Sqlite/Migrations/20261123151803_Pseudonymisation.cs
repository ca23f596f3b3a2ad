using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResearchStudio.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Pseudonymisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Privacy",
                table: "Studies",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "IdentifyingEntities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Original = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Occurrences = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdentifyingEntities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IdentifyingEntities_Studies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "Studies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IdentifyingEntities_StudyId_Kind_Key",
                table: "IdentifyingEntities",
                columns: new[] { "StudyId", "Kind", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdentifyingEntities");

            migrationBuilder.DropColumn(
                name: "Privacy",
                table: "Studies");
        }
    }
}
