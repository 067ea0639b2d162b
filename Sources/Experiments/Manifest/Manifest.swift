import Foundation
import Yams

/// An experiment: which agents tune which environments, over which seeds, with how many evaluations.
///
/// Written in YAML (or JSON, which YAML reads as it is):
///
///     name: quick                      # a folder-safe name; results go to Results/<name>
///     seeds: [1, 2, 3]                 # or a count: `seeds: 3` means 1, 2, 3
///     budget: 40                       # evaluations per run after the default configuration's
///     output: Results/quick            # optional
///     environments:                    # each entry: `type`, optional `name`, the type's own keys
///       - type: simulator
///         noise: 0.03
///     agents:
///       - type: random-search
///         sampling: latin-hypercube
///
/// Every run is one (environment, agent, seed) cell; `satune run` runs them all.
public struct Manifest: Sendable {
    /// One environment or agent of the manifest: its label in results and its parsed parameters.
    public struct Entry<Spec: Sendable>: Sendable {
        public let label: String
        public let typeName: String
        public let spec: Spec
        /// Every key of the entry but `type` and `name`, with its effective value (defaults included).
        public let parameters: [String: String]

        /// The type and parameters in a fixed order, e.g. `simulator(hardware=medium, knobs=8, ...)`: what
        /// the entry's results depend on, whatever its label.
        public var identity: String {
            typeName + "(" + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        }
    }

    public let name: String
    public let seeds: [UInt64]
    public let budget: Int
    /// Re-measurements of the default and of each run's final incumbent after the run (0 = none).
    public let remeasure: Int
    public let environments: [Entry<any EnvironmentSpec>]
    public let agents: [Entry<any AgentSpec>]
    /// Where results go (relative paths are relative to the working directory).
    public let output: String
    /// The manifest's text, copied next to the results.
    public let source: String

    /// Reads and checks a manifest file; throws a `ManifestError` naming every problem.
    public static func load(path: String) throws -> Manifest {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "no such file")])
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "cannot read the file as UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    /// Parses and checks manifest text; `file` names it in errors.
    public static func parse(_ text: String, file: String = "<manifest>") throws -> Manifest {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ManifestError(file: file, issues: [Self.issue(from: error)])
        }
        guard let root else {
            throw ManifestError(file: file, issues: [ManifestIssue(path: "", "the manifest is empty; expected keys name, seeds, budget, environments, agents")])
        }
        guard root.mapping != nil else {
            throw ManifestError(file: file, issues: [ManifestIssue(
                path: "", "expected a mapping with the keys name, seeds, budget, environments, agents", line: root.mark?.line)])
        }
        var reader = ParameterReader(root, path: "")
        var issues: [ManifestIssue] = []

        let name = reader.string("name")
        if let name, name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) == nil {
            reader.report("name", "expected letters, digits, '.', '_' or '-' (it names the results folder), got \"\(name)\"")
        }
        let seeds = Self.seeds(&reader)
        let budget = reader.integer("budget", range: 1...1_000_000, expected: "a positive integer")
        let remeasure = reader.integer("remeasure", default: 0, range: 0...1000, expected: "a count of re-measurements in 0...1000") ?? 0
        let output = reader.string("output", default: name.map { "Results/\($0)" } ?? "")
        _ = reader.node("description")
        let environments = Self.entries(
            &reader, key: "environments", kind: "environment", issues: &issues,
            types: Catalog.environmentTypes.map { type in
                (type.typeName, { (r: inout ParameterReader) -> any EnvironmentSpec in type.init(&r) })
            },
            label: { $0.defaultLabel })
        let agents = Self.entries(
            &reader, key: "agents", kind: "agent", issues: &issues,
            types: Catalog.agentTypes.map { type in
                (type.typeName, { (r: inout ParameterReader) -> any AgentSpec in type.init(&r) })
            },
            label: { $0.defaultLabel })
        issues = reader.finish() + issues

        guard issues.isEmpty, let name, let seeds, let budget, let output else {
            throw ManifestError(file: file, issues: issues)
        }
        return Manifest(name: name, seeds: seeds, budget: budget, remeasure: remeasure, environments: environments,
                        agents: agents, output: output, source: text)
    }

    /// `seeds`: a list of distinct non-negative integers, or a count n meaning 1...n.
    private static func seeds(_ reader: inout ParameterReader) -> [UInt64]? {
        guard let node = reader.node("seeds") else {
            reader.report(nil, "missing required key 'seeds' (a list of integers, or a count)")
            return nil
        }
        if let count = ParameterReader.integer(node) {
            guard count >= 1 else {
                reader.report("seeds", "expected a positive count or a list of integers, got \(count)")
                return nil
            }
            return (1...count).map(UInt64.init)
        }
        guard let list = node.sequence, !list.isEmpty else {
            reader.report("seeds", "expected a list of non-negative integers or a positive count, got \(ParameterReader.show(node))")
            return nil
        }
        var seeds: [UInt64] = []
        for (i, item) in list.enumerated() {
            guard let value = ParameterReader.integer(item), value >= 0 else {
                reader.report("seeds", "item \(i): expected a non-negative integer, got \(ParameterReader.show(item))")
                return nil
            }
            seeds.append(UInt64(value))
        }
        guard Set(seeds).count == seeds.count else {
            reader.report("seeds", "seeds must be distinct, got \(seeds.map(String.init).joined(separator: ", "))")
            return nil
        }
        return seeds
    }

    /// Parses a list of typed entries (`environments` or `agents`), each with `type`, optional `name`,
    /// and the type's own keys; labels must be distinct.
    private static func entries<Spec>(
        _ reader: inout ParameterReader, key: String, kind: String, issues: inout [ManifestIssue],
        types: [(name: String, parse: (inout ParameterReader) -> Spec)], label defaultLabel: (Spec) -> String
    ) -> [Entry<Spec>] {
        guard let node = reader.node(key) else {
            reader.report(nil, "missing required key '\(key)' (a list of entries with a 'type')")
            return []
        }
        guard let list = node.sequence, !list.isEmpty else {
            reader.report(key, "expected a non-empty list of entries with a 'type', got \(ParameterReader.show(node))")
            return []
        }
        var result: [Entry<Spec>] = []
        for (i, item) in list.enumerated() {
            var entry = ParameterReader(item, path: "\(key)[\(i)]")
            let label = entry.has("name") ? entry.string("name") : nil
            if let typeName = entry.string("type") {
                if let type = types.first(where: { $0.name == typeName }) {
                    let spec = type.parse(&entry)
                    let parameters = entry.resolved.filter { $0.key != "name" && $0.key != "type" }
                    result.append(Entry(label: label ?? defaultLabel(spec), typeName: typeName, spec: spec, parameters: parameters))
                } else {
                    let known = types.map(\.name).joined(separator: ", ")
                    entry.report("type", "unknown \(kind) type \"\(typeName)\"; known: \(known)")
                }
            }
            issues += entry.finish()
        }
        var seen: Set<String> = []
        for (i, entry) in result.enumerated() where !seen.insert(entry.label).inserted {
            issues.append(ManifestIssue(path: "\(key)[\(i)]", "another \(kind) is also named \"\(entry.label)\"; give each a distinct 'name'"))
        }
        return result
    }

    /// A YAML syntax error as a manifest issue with its line.
    private static func issue(from error: YamlError) -> ManifestIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            ManifestIssue(path: "", "malformed YAML: \(problem) (column \(mark.column))", line: mark.line)
        default:
            ManifestIssue(path: "", "malformed YAML: \(error)")
        }
    }
}
