import Foundation
import TuningKit

/// `trials.csv` held against the `run.json` beside it, as the file is read: the header is the one `run.json`
/// lists, every row belongs to one of the folder's runs and continues its steps in order (0, 1, 2, ... up to
/// the budget), and each knob cell of the row's environment holds a value of that knob (a number in its
/// range or one of its special values, one of its choices). A file edited by hand is refused at its first
/// bad cell, with its line and column, before anything is computed from it.
struct TrialsCheck {
    let file: String
    let budget: Int
    /// The folder's runs.
    private let cells: Set<CellKey>
    /// Per environment label: the column of each knob in the schema and what its cells may hold.
    private let knobs: [String: [(index: Int, column: String, rule: KnobCellRule)]]
    /// The last step read of each run.
    private var lastStep: [CellKey: Int] = [:]

    /// Checks the header; throws naming the first column that differs from `run.json`'s.
    init(info: RunInfo, schema: TrialSchema, file: String) throws {
        self.file = file
        budget = info.budget
        if schema.header != info.columns {
            throw PlainError("\(file): line 1: \(Self.difference(found: schema.header, expected: info.columns))")
        }
        cells = Set(info.cells)
        var knobs: [String: [(Int, String, KnobCellRule)]] = [:]
        for environment in info.environments {
            knobs[environment.label] = environment.knobs.compactMap { knob in
                schema.knobIndex[knob.name].map { ($0, "knob." + knob.name, KnobCellRule(knob)) }
            }
        }
        self.knobs = knobs
    }

    /// Checks one record read from `line`.
    mutating func check(_ record: TrialRecord, line: Int) throws {
        let key = record.cell
        guard cells.contains(key) else {
            throw PlainError(
                "\(file): line \(line): a trial of \(key), which this folder's campaign does not have (a different "
                    + "manifest, or an edited row?)")
        }
        let expected = lastStep[key].map { $0 + 1 } ?? 0
        guard record.step == expected, record.step <= budget else {
            throw PlainError(
                "\(file): line \(line): run \(key) has step \(record.step) where step \(expected) was expected"
                    + (expected > budget ? " (the budget is \(budget))" : "")
                    + " (the file was edited or mixed with another)")
        }
        lastStep[key] = record.step
        for knob in knobs[record.environment] ?? [] {
            if let problem = knob.rule.problem(record.knobValues[knob.index]) {
                throw PlainError("\(file): line \(line): column \(knob.column): \(problem)")
            }
        }
    }

    /// The first difference between two headers, in words.
    private static func difference(found: [String], expected: [String]) -> String {
        let unknown = found.filter { !expected.contains($0) }
        let missing = expected.filter { !found.contains($0) }
        if let name = unknown.first {
            let instead = missing.first.map { ", and \($0) is missing" } ?? ""
            return "column \(Echo.shortened(name)) is not one of the columns run.json lists\(instead) (the header was "
                + "edited, or the file belongs to another campaign)"
        }
        if let name = missing.first {
            return "column \(name), which run.json lists, is missing (the header was edited)"
        }
        let position = found.indices.first { $0 >= expected.count || found[$0] != expected[$0] } ?? found.count
        return "the columns are not in run.json's order (column \(position + 1) is "
            + "\(position < found.count ? found[position] : "missing"), run.json says "
            + "\(position < expected.count ? expected[position] : "nothing")); the header was edited"
    }
}

/// What the cells of one knob may hold, from its description in `run.json` (`KnobInfo`).
struct KnobCellRule {
    private enum Kind {
        case integer(ClosedRange<Double>?), real(ClosedRange<Double>?), choice([String]?)
    }
    private let name: String
    private let kind: Kind
    private let range: String
    /// Special values written outside the range (e.g. -1 meaning "auto"), as written.
    private let special: Set<String>

    init(_ knob: RunInfo.KnobInfo) {
        name = knob.name
        range = knob.range
        let bounds = Self.bounds(knob.range)
        switch knob.type {
        case "integer": kind = .integer(bounds)
        case "real": kind = .real(bounds)
        default: kind = .choice(knob.choices)
        }
        special = Self.specialValues(knob.range)
    }

    /// Why `text` is not a value of the knob, or nil when it is.
    func problem(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return "expected a value of knob \(name) (\(range)), found an empty cell" }
        if special.contains(text) { return nil }
        let valid: Bool
        switch kind {
        case .integer(let bounds): valid = Int(text).map { bounds?.contains(Double($0)) ?? true } ?? false
        case .real(let bounds): valid = Double(text).map { $0.isFinite && (bounds?.contains($0) ?? true) } ?? false
        case .choice(let choices): valid = choices?.contains(text) ?? true
        }
        return valid ? nil : "\"\(Echo.shortened(text))\" is not a value of knob \(name) (expected \(range))"
    }

    /// The bounds of a range written `lower..upper` (`Knob.rangeText`), nil when it is not one.
    private static func bounds(_ range: String) -> ClosedRange<Double>? {
        let numbers = range.prefix { $0 != " " && $0 != "," }.components(separatedBy: "..")
        guard numbers.count == 2, let lower = Double(numbers[0]), let upper = Double(numbers[1]), lower <= upper else {
            return nil
        }
        return lower...upper
    }

    /// The special values of a range text: each "<value> (<meaning>)" after ", or ".
    private static func specialValues(_ range: String) -> Set<String> {
        guard let or = range.range(of: ", or ") else { return [] }
        let pattern = #"(?:^|, )([^ ,()]+) \("#
        let tail = String(range[or.upperBound...])
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let matches = regex.matches(in: tail, range: NSRange(tail.startIndex..., in: tail))
        return Set(matches.compactMap { Range($0.range(at: 1), in: tail).map { String(tail[$0]) } })
    }
}
