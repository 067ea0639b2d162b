import Foundation
import TuningKit

/// A file of measured configurations (the VLDB'22 tuning benchmark's format: a CSV with an unnamed index
/// column, one column per knob and one objective column) read against knob definitions (the format of its
/// `mysql_all_197.json`: per knob a `type`, `integer` with `min`, `max` and `default`, or `enum` with
/// `enum_values` and `default`).
///
/// - A numeric knob is searched over its definition's range; one whose name says bytes (`..._size`,
///   buffers, caches, packets, ...) with a range over three orders of magnitude above 0, on a log scale.
/// - An `enum` knob is a categorical knob whose features are codes: in a file that writes names, a name's
///   index in `enum_values`; in one that writes numbers (the benchmark's sysbench files), the number, named by
///   the same rule, except that an ON/OFF knob writes 1 for ON (as the default row of the files shows).
/// - The default configuration is the first row whose knobs, as the file writes them, all equal the
///   definitions' defaults (enums written as numbers aside, which take that row's codes); without one, the
///   definitions' defaults.
///
/// Every problem names the file and line: a column that is no knob of the definitions, a missing objective
/// column, a cell that is not a number (or not one of its knob's names), a value outside its knob's range.
public struct MeasuredTable: Sendable {
    /// One knob: its definition as a `Knob`, and how its values become features.
    public struct Column: Sendable {
        public let knob: Knob
        /// The feature of each choice of a categorical knob, in the order of `knob`'s choices.
        public let codes: [Double]?
    }

    public let columns: [Column]
    /// The samples' features (one row per configuration, one feature per knob) and measured objective.
    public let features: [[Double]]
    public let values: [Double]
    /// The file's default configuration (see above), and whether a row of the file is it.
    public let defaultConfiguration: Configuration
    public let defaultRow: Int?
    /// FNV-1a of both files, which names the forest fitted to them.
    public let fingerprint: String

    public var space: KnobSpace { KnobSpace(columns.map(\.knob)) }

    /// Reads `data` with the definitions of `knobs` (a JSON file), the objective in column `objective`.
    public init(data: URL, knobs: URL, objective: String) throws {
        let definitionsData: Data
        do { definitionsData = try Data(contentsOf: knobs) } catch { throw Files.cannotRead(knobs, error) }
        guard let definitions = try? JSONSerialization.jsonObject(with: definitionsData) as? [String: Any] else {
            throw PlainError("\(knobs.path): not a JSON object of knob definitions (name: {type, min, max, default})")
        }
        try self.init(
            data: data, definitions: definitions.compactMapValues { $0 as? [String: Any] }, definitionsFile: knobs.path,
            objective: objective, definitionsHash: fnv1a(definitionsData))
    }

    /// Reads `data` with knob definitions given directly (a manifest's inline `knobs`).
    public init(
        data: URL, definitions: [String: [String: Any]], definitionsFile: String, objective: String,
        definitionsHash: UInt64
    ) throws {
        let table = try CSVText.read(data, name: data.path)
        let header = table.header
        guard let target = header.firstIndex(of: objective) else {
            throw PlainError(
                "\(data.path): line 1: no column \(Echo.shortened(objective)) (the objective); the columns are "
                    + header.filter { !$0.isEmpty }.map { Echo.shortened($0) }.joined(separator: ", "))
        }
        let knobColumns = header.indices.filter { $0 != target && !(header[$0].isEmpty && $0 == 0) }
        guard !knobColumns.isEmpty else { throw PlainError("\(data.path): line 1: no knob columns") }
        for j in knobColumns where definitions[header[j]] == nil {
            throw PlainError(
                "\(data.path): line 1: column \(Echo.shortened(header[j])) is no knob of \(definitionsFile)")
        }
        let numericEnums = Set(
            knobColumns.filter { j in
                definitions[header[j]]?["type"] as? String == "enum" && table.rows.allSatisfy { Double($0[j]) != nil }
            })
        columns = try knobColumns.map { j in
            try Self.column(
                header[j], definitions[header[j]]!, coded: numericEnums.contains(j), file: definitionsFile,
                cells: table.rows.map { $0[j] })
        }
        var features: [[Double]] = [], values: [Double] = []
        for (row, line) in zip(table.rows, table.lines) {
            guard let value = Double(row[target]), value.isFinite else {
                throw PlainError(
                    "\(data.path): line \(line): column \(objective): expected a number, got \"\(Echo.shortened(row[target]))\""
                )
            }
            features.append(
                try zip(knobColumns, columns).map { j, column in
                    try Self.feature(row[j], of: column, coded: numericEnums.contains(j), file: data.path, line: line)
                })
            values.append(value)
        }
        guard values.count >= 10 else {
            throw PlainError("\(data.path): \(values.count) rows; a forest needs 10 or more")
        }
        self.features = features
        self.values = values
        fingerprint = String(fnv1a((try? Data(contentsOf: data)) ?? Data(), continuing: definitionsHash), radix: 16)
        // The default row: every knob as the definitions' default (numeric-coded enums aside).
        let columns = self.columns
        let defaults = columns.map { $0.knob.defaultValue }
        let row = features.indices.first { i in
            zip(columns.indices, knobColumns).allSatisfy { c, j in
                numericEnums.contains(j) || features[i][c] == Self.code(of: defaults[c], in: columns[c])
            }
        }
        defaultRow = row
        defaultConfiguration =
            row.map { Configuration(zip(columns, features[$0]).map { Self.value(of: $1, in: $0) }) }
            ?? Configuration(defaults)
    }

    /// The features of a configuration of `space`.
    public func features(of configuration: Configuration) -> [Double] {
        zip(columns, configuration.values).map { Self.code(of: $1, in: $0) }
    }

    // MARK: Columns, cells and codes

    private static func column(_ name: String, _ definition: [String: Any], coded: Bool, file: String, cells: [String])
        throws -> Column
    {
        func number(_ key: String) -> Double? {
            (definition[key] as? NSNumber)?.doubleValue ?? (definition[key] as? String).flatMap(Double.init)
        }
        switch definition["type"] as? String {
        case "integer", "float", "real":
            guard let lower = number("min"), let upper = number("max"), lower <= upper, let given = number("default")
            else {
                throw PlainError("\(file): knob \(name): a number knob needs min <= max and a default")
            }
            let real = definition["type"] as? String != "integer"
            let bytes = ["size", "buffer", "cache", "packet", "memory", "prealloc", "length"].contains {
                name.contains($0)
            }
            let log = bytes && lower > 0 && upper / lower >= 1000
            let value = min(max(given, lower), upper)
            let knob = Knob(
                name: name, domain: real ? .real(lower...upper) : .integer(Int(lower)...Int(upper)),
                defaultValue: real ? .real(value) : .integer(Int(value)), unit: bytes ? "B" : "", logScale: log)
            return Column(knob: knob, codes: nil)
        case "enum":
            guard let names = definition["enum_values"] as? [String], !names.isEmpty else {
                throw PlainError("\(file): knob \(name): an enum knob needs enum_values")
            }
            let onOff = Set(names) == ["ON", "OFF"]
            // Written as numbers: ON/OFF as 1/0 (the files' default rows show it); any other enum by its codes,
            // which say nothing of which name each stands for.
            let codes =
                coded
                ? (onOff ? [0.0, 1.0] : Array(Set(cells.compactMap(Double.init))).sorted())
                : names.indices.map(Double.init)
            let choices = coded ? (onOff ? ["OFF", "ON"] : codes.map { String(Int($0)) }) : names
            let given = definition["default"] as? String ?? choices[0]
            let knob = Knob(
                name: name, domain: .categorical(choices),
                defaultValue: .categorical(choices.contains(given) ? given : choices[0]))
            return Column(knob: knob, codes: codes)
        default:
            throw PlainError(
                "\(file): knob \(name): type \(definition["type"] ?? "none"): expected integer, float or enum")
        }
    }

    private static func feature(_ cell: String, of column: Column, coded: Bool, file: String, line: Int) throws
        -> Double
    {
        let knob = column.knob
        if let codes = column.codes, !coded {
            guard case .categorical(let choices) = knob.domain, let i = choices.firstIndex(of: cell) else {
                throw PlainError(
                    "\(file): line \(line): column \(knob.name): \"\(Echo.shortened(cell))\" is not one of "
                        + knob.rangeText)
            }
            return codes[i]
        }
        guard let value = Double(cell), value.isFinite else {
            throw PlainError(
                "\(file): line \(line): column \(knob.name): expected a number, got \"\(Echo.shortened(cell))\"")
        }
        if case .integer(let range) = knob.domain,
            !(Double(range.lowerBound)...Double(range.upperBound)).contains(value)
        {
            throw PlainError("\(file): line \(line): column \(knob.name): \(value) is outside \(knob.rangeText)")
        }
        return value
    }

    /// A value's feature: the number itself, or a choice's code.
    static func code(of value: KnobValue, in column: Column) -> Double {
        switch value {
        case .categorical(let name):
            guard case .categorical(let choices) = column.knob.domain, let codes = column.codes,
                let i = choices.firstIndex(of: name)
            else { return 0 }
            return codes[i]
        default:
            return value.number ?? 0
        }
    }

    /// A feature's value of the knob: the number (rounded for an integer knob), or the choice of a code.
    static func value(of feature: Double, in column: Column) -> KnobValue {
        switch column.knob.domain {
        case .integer: return .integer(Int(feature.rounded()))
        case .categorical(let choices):
            let i = column.codes?.firstIndex(of: feature) ?? 0
            return .categorical(choices[min(i, choices.count - 1)])
        default: return .real(feature)
        }
    }
}
