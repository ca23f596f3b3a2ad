using System.Globalization;
using System.Text;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas.Crm;

/// <summary>A persona as the scorer sees it: its members' attributes train its proximity model.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="Label">Its label.</param>
/// <param name="Members">Attributes of each member participant.</param>
public sealed record CrmPersonaInput(Guid PersonaId, string Label, IReadOnlyList<IReadOnlyDictionary<string, string>> Members);

/// <summary>What to score and how.</summary>
/// <param name="Personas">The study's personas.</param>
/// <param name="Threshold">Confidence needed to assign a persona, 0..1.</param>
/// <param name="SegmentColumn">Existing segmentation column to cross with (null: a column named "segment" if any).</param>
/// <param name="RevenueColumn">Revenue column (null: detected by name: CA, chiffre d'affaires, revenue...).</param>
/// <param name="LookAlikesPerPersona">Best-scored customers per persona added to its model before the final pass (0: one pass).</param>
public sealed record CrmScoringRequest(IReadOnlyList<CrmPersonaInput> Personas, double Threshold, string? SegmentColumn = null, string? RevenueColumn = null, int LookAlikesPerPersona = 300);

/// <summary>
/// Scores a customer file against the personas (CX-METHOD §3) in two streaming passes: the first finds the
/// best look-alikes ("twins") of each persona and retrains its proximity model with them, the second scores
/// every row and writes the scored file. Only aggregates and a few hundred encoded rows are held in memory,
/// whatever the file size.
/// </summary>
public static class CrmScorer
{
    /// <summary>Columns appended to the scored file.</summary>
    public static readonly string[] AddedColumns = ["persona", "confiance", "raison"];

    private const int TypicalPerPersona = 5;
    private const int MaxSegments = 100;
    private const string OtherSegments = "(autres)";
    private static readonly string[] RevenueNames = ["ca", "chiffre d affaires", "chiffre daffaires", "ca annuel", "revenue", "revenu", "montant", "ca total"];

    /// <summary>Scores the file that <paramref name="openInput"/> opens (it is read twice) into <paramref name="output"/>.</summary>
    /// <exception cref="CrmFileException">The file cannot be used (empty, not text, no matching column...).</exception>
    /// <exception cref="ArgumentException">No persona with members carrying attributes.</exception>
    public static CrmSummary Score(Func<Stream> openInput, Stream output, CrmScoringRequest request, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openInput);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Threshold is < 0 or > 1 || double.IsNaN(request.Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(request), "The threshold is a confidence between 0 and 1.");
        }

        CsvDialect dialect;
        using (var probe = openInput())
        {
            dialect = CsvDialect.Detect(probe);
        }

        var header = ReadHeader(openInput, dialect);
        var personas = request.Personas.Where(p => p.Members.Count > 0).ToList();
        if (personas.Count == 0)
        {
            throw new ArgumentException("No persona to score against: draft the personas first.", nameof(request));
        }

        // Attribute keys of the participants, matched to the file's columns without case or accents.
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            columnOf.TryAdd(AttributeEncoder.NormaliseKey(header[i]), i);
        }

        var keys = personas.SelectMany(p => p.Members).SelectMany(m => m.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            throw new CrmFileException("Les participants n'ont aucun attribut (âge, région, canal...) : renseignez-les sur la page de l'étude avant de scorer une base. · Participants have no attributes.");
        }

        var matched = keys.Where(k => columnOf.ContainsKey(AttributeEncoder.NormaliseKey(k))).ToList();
        if (matched.Count == 0)
        {
            throw new CrmFileException("Aucune colonne du fichier ne correspond aux attributs des participants. Attendu au moins une de : "
                + string.Join(", ", keys) + ". Colonnes lues : " + string.Join(", ", header) + ". · No column matches the participants' attributes.");
        }

        var segment = Column(request.SegmentColumn, "segment", header, columnOf, required: request.SegmentColumn is not null);
        var revenue = request.RevenueColumn is not null
            ? Column(request.RevenueColumn, null, header, columnOf, required: true)
            : RevenueNames.Select(n => columnOf.TryGetValue(n, out var c) ? c : -1).FirstOrDefault(c => c >= 0, -1);

        var members = personas.SelectMany((p, c) => p.Members.Select(m => (Persona: c, Attributes: m))).ToList();
        var encoder = AttributeEncoder.Fit([.. members.Select(m => m.Attributes)], matched);
        var trainRows = members.Select(m => encoder.Encode(m.Attributes)).ToList();
        var trainLabels = members.Select(m => m.Persona).ToList();
        var model = ProximityModel.Train(encoder, trainRows, trainLabels, personas.Count);
        var attributeColumns = encoder.Specs.Select(s => columnOf[AttributeEncoder.NormaliseKey(s.Key)]).ToArray();

        var summary = new CrmSummary
        {
            Encoding = dialect.EncodingName,
            Separator = dialect.Separator == '\t' ? "tab" : dialect.Separator.ToString(),
            MatchedColumns = [.. encoder.Specs.Select(s => s.Key)],
            MissingColumns = [.. keys.Except(matched, StringComparer.Ordinal)],
            RevenueColumn = revenue >= 0 ? header[revenue] : null,
            SegmentColumn = segment >= 0 ? header[segment] : null,
        };

        if (request.LookAlikesPerPersona > 0)
        {
            // Pass 1: the customers each model is surest of join its training set as look-alikes.
            var twins = personas.Select(_ => new PriorityQueue<double[], double>()).ToList();
            Stream(openInput, dialect, header.Count, attributeColumns, model, p => progress?.Report(p * 0.5), cancellationToken, (row, best, confidence, unused) =>
            {
                if (best < 0 || confidence < request.Threshold)
                {
                    return;
                }

                var queue = twins[best];
                if (queue.Count < request.LookAlikesPerPersona)
                {
                    queue.Enqueue(row.ToArray(), confidence);
                }
                else if (queue.TryPeek(out _, out var lowest) && confidence > lowest)
                {
                    queue.DequeueEnqueue(row.ToArray(), confidence);
                }
            });

            for (var c = 0; c < twins.Count; c++)
            {
                while (twins[c].TryDequeue(out var twin, out _))
                {
                    trainRows.Add(twin);
                    trainLabels.Add(c);
                }
            }

            model = ProximityModel.Train(encoder, trainRows, trainLabels, personas.Count);
            summary.LookAlikesPerPersona = request.LookAlikesPerPersona;
        }

        var figures = personas.Select((p, c) => new CrmPersonaFigures
        {
            PersonaId = p.PersonaId,
            Label = p.Label,
            TrainedOn = p.Members.Count,
            KeyDrivers = [.. model.Drivers[c].Select(d => d.Text)],
        }).ToList();
        var typical = personas.Select(_ => new PriorityQueue<string, double>()).ToList();
        var french = dialect.Separator != ',';
        var numbers = french ? CultureInfo.GetCultureInfo("fr-FR") : CultureInfo.InvariantCulture;
        var reasons = new List<int>();

        // Pass 2: score, write, aggregate.
        using var writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        for (var i = 0; i < header.Count; i++)
        {
            CsvWriting.Field(writer, header[i], dialect.Separator);
            writer.Write(dialect.Separator);
        }

        writer.Write(string.Join(dialect.Separator, AddedColumns));
        writer.Write("\r\n");
        var fieldsOf = new List<string>();
        Stream(openInput, dialect, header.Count, attributeColumns, model, p => progress?.Report(request.LookAlikesPerPersona > 0 ? 0.5 + (p * 0.5) : p), cancellationToken, (unused, best, confidence, record) =>
        {
            summary.Rows++;
            foreach (var field in record.Fields)
            {
                CsvWriting.Field(writer, field, dialect.Separator);
                writer.Write(dialect.Separator);
            }

            // A short row keeps its columns aligned in the scored file.
            for (var i = record.Fields.Count; i < header.Count; i++)
            {
                writer.Write(dialect.Separator);
            }

            string persona = "", reason;
            var assigned = -1;
            if (record.Problem is { } problem)
            {
                reason = problem.Detail;
                summary.Unscorable[problem.Kind] = summary.Unscorable.GetValueOrDefault(problem.Kind) + 1;
            }
            else
            {
                summary.Scored++;
                summary.ConfidenceHistogram[Math.Min(CrmSummary.Bins - 1, (int)(confidence * CrmSummary.Bins))]++;
                if (confidence >= request.Threshold)
                {
                    assigned = best;
                    persona = personas[best].Label;
                    reason = "";
                    summary.Assigned++;
                    figures[best].Count++;
                    var queue = typical[best];
                    var id = string.Create(CultureInfo.InvariantCulture, $"ligne {record.Line} · {(record.Fields.Count > 0 ? record.Fields[0] : "")}");
                    if (queue.Count < TypicalPerPersona)
                    {
                        queue.Enqueue(id, confidence);
                    }
                    else if (queue.TryPeek(out _, out var lowest) && confidence > lowest)
                    {
                        queue.DequeueEnqueue(id, confidence);
                    }
                }
                else
                {
                    reason = string.Format(numbers, "confiance {0:0.00} sous le seuil {1:0.00} (proche de « {2} »)", confidence, request.Threshold, personas[best].Label);
                }

                if (revenue >= 0 && revenue < record.Fields.Count && AttributeEncoder.TryParseNumber(record.Fields[revenue], out var amount))
                {
                    summary.RevenueTotal += amount;
                    if (assigned >= 0)
                    {
                        figures[assigned].Revenue += amount;
                    }
                }
            }

            if (segment >= 0)
            {
                var value = segment < record.Fields.Count ? record.Fields[segment].Trim() : "";
                value = value.Length == 0 ? "(vide)" : value;
                if (!summary.Cross.ContainsKey(value) && summary.Cross.Count >= MaxSegments)
                {
                    value = OtherSegments;
                }

                var row = summary.Cross.TryGetValue(value, out var r) ? r : summary.Cross[value] = new Dictionary<string, long>(StringComparer.Ordinal);
                var column = assigned >= 0 ? personas[assigned].Label : CrmSummary.Unassigned;
                row[column] = row.GetValueOrDefault(column) + 1;
            }

            CsvWriting.Field(writer, persona, dialect.Separator);
            writer.Write(dialect.Separator);
            writer.Write(record.Problem is null ? confidence.ToString("0.000", numbers) : "");
            writer.Write(dialect.Separator);
            CsvWriting.Field(writer, reason, dialect.Separator);
            writer.Write("\r\n");
        });
        writer.Flush();

        for (var c = 0; c < figures.Count; c++)
        {
            var list = new List<(string Id, double Confidence)>();
            while (typical[c].TryDequeue(out var id, out var confidence))
            {
                list.Add((id, confidence));
            }

            figures[c].Typical = [.. list.OrderByDescending(x => x.Confidence).Select(x => x.Id)];
        }

        summary.Personas = [.. figures.OrderByDescending(f => f.Count).ThenBy(f => f.Label, StringComparer.Ordinal)];
        progress?.Report(1);
        return summary;
    }

    private static int Column(string? wanted, string? fallback, List<string> header, Dictionary<string, int> columnOf, bool required)
    {
        var name = string.IsNullOrWhiteSpace(wanted) ? fallback : wanted;
        if (name is null)
        {
            return -1;
        }

        if (columnOf.TryGetValue(AttributeEncoder.NormaliseKey(name), out var column))
        {
            return column;
        }

        return required
            ? throw new CrmFileException($"La colonne « {name} » n'existe pas dans le fichier. Colonnes lues : {string.Join(", ", header)}. · Column '{name}' is missing.")
            : -1;
    }

    private static List<string> ReadHeader(Func<Stream> openInput, CsvDialect dialect)
    {
        using var stream = openInput();
        using var text = new StreamReader(stream, dialect.Encoding, detectEncodingFromByteOrderMarks: true);
        var reader = new CsvRecordReader(text, dialect.Separator);
        var header = new List<string>();
        try
        {
            if (!reader.Read(header))
            {
                throw new CrmFileException("Le fichier est vide. · The file is empty.");
            }
        }
        catch (DecoderFallbackException)
        {
            throw EncodingError(1);
        }

        for (var i = 0; i < header.Count; i++)
        {
            header[i] = header[i].Trim();
            if (header[i].Length == 0)
            {
                header[i] = "colonne " + (i + 1).ToString(CultureInfo.InvariantCulture);
            }
        }

        return header;
    }

    private static CrmFileException EncodingError(long line) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Encodage incohérent après la ligne {line} : le début du fichier est en UTF-8 mais la suite ne l'est pas. Réenregistrez tout le fichier en « CSV UTF-8 ». · Mixed encodings after line {line}."));

    private sealed record Problem(string Kind, string Detail);

    private sealed class Record
    {
        public List<string> Fields { get; } = [];

        public long Line { get; set; }

        public Problem? Problem { get; set; }
    }

    private delegate void RowAction(ReadOnlySpan<double> encoded, int best, double confidence, Record record);

    private static void Stream(Func<Stream> openInput, CsvDialect dialect, int width, int[] attributeColumns, ProximityModel model, Action<double> progress, CancellationToken cancellationToken, RowAction action)
    {
        using var stream = openInput();
        using var text = new StreamReader(stream, dialect.Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var reader = new CsvRecordReader(text, dialect.Separator);
        var record = new Record();
        var encoded = new double[model.Encoder.Width];
        var scores = new double[model.Count];
        var problems = new List<int>();
        var length = stream.CanSeek ? stream.Length : 0;
        var first = true;
        long count = 0;
        var specs = model.Encoder.Specs;
        string? ValueOf(int i) => attributeColumns[i] < record.Fields.Count ? record.Fields[attributeColumns[i]] : null;
        while (true)
        {
            try
            {
                if (!reader.Read(record.Fields))
                {
                    break;
                }
            }
            catch (DecoderFallbackException)
            {
                throw EncodingError(reader.LinesRead);
            }

            if (first)
            {
                first = false;
                continue;
            }

            if (record.Fields.TrueForAll(f => f.Length == 0))
            {
                continue;
            }

            record.Line = reader.Line;
            record.Problem = null;
            var best = -1;
            double confidence = 0;
            if (reader.UnclosedQuote)
            {
                record.Problem = new Problem("guillemet non fermé", "guillemet ouvert jamais refermé");
            }
            else if (record.Fields.Count != width)
            {
                record.Problem = new Problem("nombre de champs différent de l'en-tête",
                    string.Create(CultureInfo.InvariantCulture, $"{record.Fields.Count} champs au lieu de {width}")
                    + (reader.SpannedLines ? " (un guillemet non fermé a pu absorber les lignes suivantes)" : ""));
            }
            else
            {
                problems.Clear();
                var bad = model.Encoder.Encode(ValueOf, encoded, problems);
                if (bad * 2 > specs.Count || bad == specs.Count)
                {
                    record.Problem = new Problem("valeurs manquantes ou illisibles",
                        "valeurs manquantes ou illisibles : " + string.Join(", ", problems.Select(i => specs[i].Key + (ValueOf(i) is { Length: > 0 } v ? " « " + v + " »" : ""))));
                }
                else
                {
                    model.Score(encoded, scores);
                    (best, confidence) = ProximityModel.Decide(scores);
                }
            }

            action(encoded, best, confidence, record);
            if ((++count & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (length > 0)
                {
                    progress(Math.Min(1, (double)stream.Position / length));
                }
            }
        }
    }
}
