using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ResearchStudio.Data.SqlServer.Migrations
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
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranscriptionEngine",
                table: "Interviews",
                type: "nvarchar(64)",
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
