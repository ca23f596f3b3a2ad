using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ResearchStudio.Exports;

/// <summary>One-sheet workbooks: a bold, frozen, filterable header row over rows of cells.</summary>
public static class XlsxWriter
{
    /// <summary>
    /// Writes the table. Cells of <paramref name="numericColumns"/> that parse as invariant numbers
    /// are numbers (so Excel sums and sorts them); every other cell is an inline string, which Excel
    /// never evaluates, so text starting with "=" stays text.
    /// </summary>
    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlySet<string> numericColumns)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(numericColumns);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var numeric = header.Select(numericColumns.Contains).ToArray();
            data.Append(Row(1, header, header.Select(_ => false).ToArray(), bold: true));
            uint index = 1;
            foreach (var row in rows)
            {
                data.Append(Row(++index, row, numeric, bold: false));
            }

            var lastCell = Reference(header.Count - 1, 1);
            var view = new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0U };
            sheetPart.Worksheet = new Worksheet(new SheetViews(view), data, new AutoFilter { Reference = "A1:" + lastCell[..^1] + index.ToString(CultureInfo.InvariantCulture) });
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1U, Name = SheetName(sheetName) }));
            workbook.Workbook.Append(new DefinedNames(new DefinedName("'" + SheetName(sheetName) + "'!$A$1:$" + lastCell[..^1] + "$" + index.ToString(CultureInfo.InvariantCulture))
            {
                Name = "_xlnm._FilterDatabase", LocalSheetId = 0U, Hidden = true,
            }));
        }

        return stream.ToArray();
    }

    /// <summary>"A1"-style reference of a zero-based column and a one-based row.</summary>
    public static string Reference(int column, uint row)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    private static Row Row(uint index, IReadOnlyList<string> values, bool[] numeric, bool bold)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i] ?? "";
            var reference = Reference(i, index);
            if (i < numeric.Length && numeric[i] && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                row.Append(new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) });
                continue;
            }

            var cell = new Cell(new InlineString(new Text(Clean(value)) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString };
            if (bold)
            {
                cell.StyleIndex = 1U;
            }

            row.Append(cell);
        }

        return row;
    }

    // Excel refuses control characters in cells (and XML 1.0 cannot carry most of them).
    private static string Clean(string value) => new([.. value.Where(ch => ch is '\t' or '\n' or '\r' || !char.IsControl(ch))]);

    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(ch => ch is not (':' or '\\' or '/' or '?' or '*' or '[' or ']' or '\'') && !char.IsControl(ch))]).Trim();
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2U },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2U },
        new Borders(new Border()) { Count = 1U },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1U, ApplyFont = true }) { Count = 2U });
}
