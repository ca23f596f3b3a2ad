using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResearchStudio.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TranscriptionEngineChoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TranscriptionEngine",
                table: "Studies",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranscriptionEngine",
                table: "Interviews",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TranscriptionEngine",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "TranscriptionEngine",
                table: "Interviews");
        }
    }
}
