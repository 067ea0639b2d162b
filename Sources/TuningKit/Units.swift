import Foundation

/// Memory and time units as PostgreSQL writes them, for values such as `4GB` or `5min`.
///
/// A knob whose `unit` is a memory unit (`B`, `kB`, `8kB`, `MB`, `GB`) or a time unit (`us`, `ms`, `s`,
/// `min`, `h`, `d`) also accepts a value with any unit of the same kind: `shared_buffers=4GB` becomes
/// 524288 (8kB pages). Memory units are powers of 1024, as in PostgreSQL.
public enum Units {
    /// Bytes in one of each memory unit.
    static let memory: [String: Double] = [
        "B": 1, "kB": 1024, "8kB": 8192, "MB": 1_048_576, "GB": 1_073_741_824, "TB": 1_099_511_627_776,
    ]
    /// Microseconds in one of each time unit.
    static let time: [String: Double] = [
        "us": 1, "ms": 1000, "s": 1_000_000, "min": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000,
    ]

    /// `text` (a number with an optional unit suffix) expressed in `unit`; nil when `text` has no
    /// number, its suffix is not a unit of the same kind, or `unit` is not a memory or time unit.
    public static func convert(_ text: String, to unit: String) -> Double? {
        guard let table = kind(of: unit)?.table, let (number, suffix) = split(text),
            let factor = suffix.isEmpty ? table[unit] : table[suffix]
        else { return nil }
        return number * factor / table[unit]!
    }

    /// Why `text` is not a value in `unit`, when it is a number with a suffix that is not a unit of the
    /// knob's kind (`256mb`, `5GB` for a time): the units it takes, case-sensitive as in PostgreSQL. Nil
    /// when `text` has no number or no suffix.
    public static func suffixProblem(_ text: String, unit: String) -> String? {
        guard let (_, suffix) = split(text), !suffix.isEmpty else { return nil }
        guard let kind = kind(of: unit) else {
            return "\"\(suffix)\" is not a unit this knob takes: it takes a plain number"
        }
        guard kind.table[suffix] == nil else { return nil }
        let units = kind.table.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ")
        return "\"\(suffix)\" is not a \(kind.name) unit (units: \(units); case matters)"
    }

    /// The kind of a memory or time unit and its table; nil for any other unit.
    private static func kind(of unit: String) -> (name: String, table: [String: Double])? {
        memory[unit] != nil ? ("memory", memory) : time[unit] != nil ? ("time", time) : nil
    }

    /// The leading number of `text` and the rest, trimmed (`"4GB"` -> 4, "GB"); nil without a number.
    private static func split(_ text: String) -> (number: Double, suffix: String)? {
        let suffixStart =
            text.firstIndex { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }
            ?? text.endIndex
        guard let number = Double(text[..<suffixStart]) else { return nil }
        return (number, text[suffixStart...].trimmingCharacters(in: .whitespaces))
    }
}
