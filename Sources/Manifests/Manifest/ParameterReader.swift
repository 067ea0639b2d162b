import Foundation
import Results
import TuningKit
import Yams

/// Reads the keys of one mapping in a manifest, recording every problem with its field path and line.
///
/// Each getter marks its key as known; `finish()` then reports the keys nobody asked for, so a typo
/// such as `budjet:` is an error rather than a silently ignored setting.
public struct ParameterReader {
    /// The path of this mapping, e.g. `agents[2]` (empty for the document root).
    public let path: String
    private let entries: [(key: String, value: Node)]
    private let line: Int?
    private var known: [String] = []
    public private(set) var issues: [ManifestIssue] = []
    /// Things a person should know that do not stop the manifest from running.
    public private(set) var warnings: [ManifestIssue] = []
    /// The effective value of every key read, defaults included, as text: what an entry's results depend
    /// on (its fingerprint in `run.json`, and the seed of its random streams).
    public private(set) var resolved: [String: String] = [:]
    /// The folder relative file paths of this manifest start from (the manifest file's), where a key says
    /// so (a `measured` environment's files); the current folder for a manifest that is not a file.
    public let folder: URL

    /// A reader over a YAML mapping node; a node of another kind is recorded as a problem.
    public init(_ node: Node?, path: String, folder: URL? = nil) {
        self.path = path
        self.folder = folder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        self.line = node?.mark?.line
        if let mapping = node?.mapping {
            entries = mapping.map { (key: $0.key.string ?? "", value: $0.value) }
        } else {
            entries = []
            issues.append(ManifestIssue(path: path, "expected a mapping of keys to values", line: node?.mark?.line))
        }
    }

    /// A file path given in the manifest, from `folder` when it is relative.
    public func file(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }

    /// The full path of a key, e.g. `agents[2].sampling`.
    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Records a problem with a key (or with the mapping itself when `key` is nil).
    public mutating func report(_ key: String?, _ message: String) {
        let node = key.flatMap { k in entries.first { $0.key == k }?.value }
        issues.append(ManifestIssue(path: key.map(field) ?? path, message, line: node?.mark?.line ?? line))
    }

    /// Records a warning about a key.
    public mutating func warn(_ key: String?, _ message: String) {
        let node = key.flatMap { k in entries.first { $0.key == k }?.value }
        warnings.append(ManifestIssue(path: key.map(field) ?? path, message, line: node?.mark?.line ?? line))
    }

    /// Records a value an entry's results depend on that no getter reads, e.g. a hash of a file's contents.
    public mutating func resolve(_ key: String, _ value: String) { resolved[key] = value }

    /// Leaves a key out of what the entry's results depend on (`Parameter.addedLater`).
    mutating func unresolve(_ key: String) { resolved[key] = nil }

    /// Records and returns a key's effective value.
    private mutating func noting<T>(_ key: String, _ value: T?) -> T? {
        if let value { resolved[key] = "\(value)" }
        return value
    }

    /// The raw node of a key, marking the key as known.
    public mutating func node(_ key: String) -> Node? {
        known.append(key)
        return entries.first { $0.key == key }?.value
    }

    /// True when the mapping has this key.
    public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// A required or defaulted string.
    public mutating func string(_ key: String, default defaultValue: String? = nil) -> String? {
        guard let node = node(key) else {
            if defaultValue == nil { report(nil, "missing required key '\(key)'") }
            return noting(key, defaultValue)
        }
        guard node.scalar != nil, let text = node.string, !text.isEmpty else {
            report(key, "expected a non-empty string, got \(Self.show(node))")
            return defaultValue
        }
        return noting(key, text)
    }

    /// A required or defaulted integer within `range`.
    public mutating func integer(
        _ key: String, default defaultValue: Int? = nil, range: ClosedRange<Int>, expected: String? = nil
    ) -> Int? {
        let expected = expected ?? "an integer in \(range.lowerBound)...\(range.upperBound)"
        guard let node = node(key) else {
            if defaultValue == nil { report(nil, "missing required key '\(key)' (\(expected))") }
            return noting(key, defaultValue)
        }
        guard let value = Self.integer(node), range.contains(value) else {
            report(key, "expected \(expected), got \(Self.show(node))")
            return defaultValue
        }
        return noting(key, value)
    }

    /// A defaulted real number within `range`.
    public mutating func real(_ key: String, default defaultValue: Double, range: ClosedRange<Double>) -> Double {
        guard let node = node(key) else { return noting(key, defaultValue)! }
        guard node.scalar != nil, let value = node.float, value.isFinite, range.contains(value) else {
            report(key, "expected a number in \(range.lowerBound)...\(range.upperBound), got \(Self.show(node))")
            return defaultValue
        }
        return noting(key, value)!
    }

    /// A defaulted boolean.
    public mutating func boolean(_ key: String, default defaultValue: Bool) -> Bool {
        guard let node = node(key) else { return noting(key, defaultValue)! }
        // Quoted ("false") is read as plain, as numbers are: a quote should not change what a key means.
        guard let scalar = node.scalar, let value = node.bool ?? ["true": true, "false": false][scalar.string] else {
            report(key, "expected true or false, got \(Self.show(node))")
            return defaultValue
        }
        return noting(key, value)!
    }

    /// A defaulted choice among an enumeration's raw values.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: E) -> E
    where E.RawValue == String {
        guard let node = node(key) else {
            resolved[key] = defaultValue.rawValue
            return defaultValue
        }
        let allowed = E.allCases.map(\.rawValue)
        guard node.scalar != nil, let text = node.string, let value = E(rawValue: text) else {
            report(key, "expected one of \(allowed.joined(separator: ", ")), got \(Self.show(node))")
            return defaultValue
        }
        resolved[key] = value.rawValue
        return value
    }

    /// A defaulted non-empty list of integers, each within `range` (e.g. hidden layer widths).
    public mutating func integers(_ key: String, default defaultValue: [Int], range: ClosedRange<Int>) -> [Int] {
        guard let node = node(key) else { return noting(key, defaultValue)! }
        let values = node.sequence.map { $0.map(Self.integer) } ?? []
        guard !values.isEmpty, values.allSatisfy({ $0.map(range.contains) ?? false }) else {
            report(
                key,
                "expected a non-empty list of integers in \(range.lowerBound)...\(range.upperBound), got "
                    + "\(Self.show(node))"
            )
            return defaultValue
        }
        return noting(key, values.map { $0! })!
    }

    /// An optional non-empty list of names: a YAML list, or one comma-separated string (as on a command line).
    public mutating func strings(_ key: String) -> [String]? {
        guard let node = node(key) else { return nil }
        let values =
            node.sequence.map { $0.map { $0.scalar != nil ? $0.string : nil } }
            ?? [node.string].map { $0?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.first
            .flatMap { $0 }
        guard let values, !values.isEmpty, values.allSatisfy({ !($0 ?? "").isEmpty }) else {
            report(key, "expected a non-empty list of names, got \(Self.show(node))")
            return nil
        }
        let names = values.map { $0! }
        var seen: Set<String> = []
        let repeated = names.filter { !seen.insert($0).inserted }
        guard repeated.isEmpty else {
            report(key, "\(repeated.joined(separator: ", ")) listed more than once; list each name once")
            return nil
        }
        return noting(key, names)
    }

    /// A knob count: a positive integer up to `maximum`, or `all` (the default), which is `maximum`.
    public mutating func knobCount(_ key: String, maximum: Int) -> Int {
        guard let node = node(key) else { return noting(key, maximum)! }
        if node.string == "all" { return noting(key, maximum)! }
        guard let value = Self.integer(node), (1...maximum).contains(value) else {
            report(key, "expected a knob count in 1...\(maximum) or all, got \(Self.show(node))")
            return maximum
        }
        return noting(key, value)!
    }

    /// Records the keys no getter asked for, and returns every problem found.
    public mutating func finish() -> [ManifestIssue] {
        for (key, value) in entries where !known.contains(key) {
            let list = known.joined(separator: ", ")
            issues.append(
                ManifestIssue(path: field(key), "unknown key; known keys here: \(list)", line: value.mark?.line))
        }
        return issues
    }

    /// An integer scalar (a quoted "10" counts; 10.0 and "ten" do not).
    static func integer(_ node: Node) -> Int? {
        guard let scalar = node.scalar else { return nil }
        return Int(scalar.string.trimmingCharacters(in: .whitespaces))
    }

    /// A node as the user wrote it, for error messages: `"ten"`, `-5`, `a list`.
    static func show(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            s.string.isEmpty
                ? "nothing" : (Double(s.string) != nil ? Echo.shortened(s.string) : "\"\(Echo.shortened(s.string))\"")
        case .mapping(let m): m.isEmpty ? "an empty mapping" : "a mapping"
        case .sequence(let list): list.isEmpty ? "an empty list" : "a list"
        case .alias: "an alias"
        }
    }
}
