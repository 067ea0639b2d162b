import ArgumentParser
import Foundation

/// How a command prints what it found: a table for people, or one JSON object for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format text|json`, shared by the commands that print a result.
struct FormatOption: ParsableArguments {
    @Option(help: "text (a table for people, the default) or json (one object with snake_case keys, for scripts).")
    var format = OutputFormat.text

    var json: Bool { format == .json }

    /// Where a failed measurement's reason was printed, for the error that follows it.
    var whereTheReasonIs: String { json ? "failure_reason in the JSON" : "the reason is above the table" }

    /// Prints `value` as one JSON object (sorted, snake_case keys; no NaN: a number that is not finite is null).
    func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
