import Foundation
import Results
import TuningKit
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
///       - type: sample-aware-ddpg      # an agent may run on some environments only
///         environments: [simulator]
///
/// Every run is one (environment, agent, seed) cell; `satune run` runs them all.
public struct Manifest: Sendable {
    /// One environment or agent of the manifest: its label in results and its parsed parameters.
    public struct Entry<Spec: Sendable>: Sendable {
        public let label: String
        public let typeName: String
        public let spec: Spec
        /// Every key of the entry but `type`, `name` and `environments`, with its effective value (defaults
        /// included).
        public let parameters: [String: String]
        /// For an agent, the labels of the environments it runs on (manifest key `environments`); nil for all.
        public let environments: [String]?

        /// True when this (agent) entry runs on the environment labelled `label`.
        public func runs(on label: String) -> Bool { environments?.contains(label) ?? true }

        /// The type and parameters in a fixed order, e.g. `simulator(hardware=medium, knobs=8, ...)`: what
        /// the entry's results depend on, whatever its label.
        public var identity: String {
            typeName + "("
                + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        }
    }

    public let name: String
    public let seeds: [UInt64]
    public let budget: Int
    /// Re-measurements of the default and of each run's final incumbent after the run (0 = none).
    public let remeasure: Int
    /// Each run's confirmation phase at the end of its budget (`confirm: {candidates: k, repeats: r}`), if any.
    public let confirm: Confirmation?
    /// Measurements of each real environment's default before the runs, for its noise floor (`noise_runs`,
    /// default 5; 0 measures none).
    public let noiseRuns: Int
    public let environments: [Entry<any EnvironmentSpec>]
    public let agents: [Entry<any AgentSpec>]
    /// Where results go (relative paths are relative to the working directory).
    public let output: String
    /// The manifest's text, copied next to the results.
    public let source: String
    /// What a person should know that does not stop the manifest from running (e.g. a knob left out).
    public let warnings: [ManifestIssue]

    /// The most seeds a manifest may list or count.
    public static let maximumSeeds = 100_000
    /// The most evaluations a run may have.
    public static let maximumBudget = 1_000_000

    /// Reads and checks a manifest file; throws a `ManifestError` naming every problem.
    public static func load(path: String) throws -> Manifest {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "no such file")])
        }
        guard !isFolder.boolValue else {
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "is a folder, not a manifest file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)).lowercased() : "cannot be read"
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "cannot read the file: \(reason)")])
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, issues: [ManifestIssue(path: "", "not UTF-8 text")])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // a byte-order mark
        return try parse(text, file: path)
    }

    /// Parses and checks manifest text; `file` names it in errors.
    public static func parse(_ text: String, file: String = "<manifest>") throws -> Manifest {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ManifestError(file: file, issues: [ManifestIssue(yaml: error, in: text)])
        }
        guard let root else {
            throw ManifestError(
                file: file,
                issues: [
                    ManifestIssue(
                        path: "", "the manifest is empty; expected keys name, seeds, budget, environments, agents")
                ])
        }
        guard root.mapping != nil else {
            throw ManifestError(
                file: file,
                issues: [
                    ManifestIssue(
                        path: "", "expected a mapping with the keys name, seeds, budget, environments, agents",
                        line: root.mark?.line)
                ])
        }
        // Relative paths of file keys start from the manifest's folder (for a manifest read from a file).
        let folder = file.hasPrefix("<") ? nil : URL(fileURLWithPath: file).deletingLastPathComponent()
        var reader = ParameterReader(root, path: "", folder: folder)
        var issues: [ManifestIssue] = []

        let name = reader.string("name")
        let nameProblem = name.flatMap(Self.nameProblem)
        if let nameProblem { reader.report("name", nameProblem) }
        let seeds = Self.seeds(&reader)
        let budget = reader.integer(
            "budget", range: 1...maximumBudget, expected: "a positive integer up to \(maximumBudget)")
        let remeasure =
            reader.integer("remeasure", default: 0, range: 0...1000, expected: "a count of re-measurements in 0...1000")
            ?? 0
        let confirm = Self.confirmation(&reader, budget: budget)
        let noiseRuns =
            reader.integer(
                "noise_runs", default: 5, range: 0...1000,
                expected: "a count of measurements of the default in 0...1000 (0: no noise floor)") ?? 5
        let output = reader.string("output", default: name.map { "Results/\($0)" } ?? "")
        if let output, nameProblem == nil || reader.has("output"),
            let problem = ResultsFolder(path: output).problemAsOutput(experiment: nameProblem == nil ? name : nil)
        {
            reader.report(reader.has("output") ? "output" : nil, problem)
        }
        _ = reader.node("description")
        var warnings: [ManifestIssue] = []
        let environments = Self.entries(
            &reader, key: "environments", kind: "environment", issues: &issues, warnings: &warnings,
            types: Catalog.environmentTypes.map { type in
                (type.typeName, { (r: inout ParameterReader) -> any EnvironmentSpec in type.init(&r) })
            },
            label: { $0.defaultLabel })
        let agents = Self.entries(
            &reader, key: "agents", kind: "agent", issues: &issues, warnings: &warnings,
            types: Catalog.agentTypes.map { type in
                (type.typeName, { (r: inout ParameterReader) -> any AgentSpec in type.init(&r) })
            },
            label: { $0.defaultLabel }, restrictable: true)
        Self.checkRestrictions(agents, environments: environments, issues: &issues)
        if let output { Self.checkTransferSources(root, output: output, issues: &issues) }
        if issues.isEmpty { Self.checkPairs(agents, environments: environments, issues: &issues) }
        for (i, entry) in environments.enumerated() {
            if let budget, let at = entry.parameters["shift_at"].flatMap({ Int($0) }), at > budget {
                issues.append(
                    ManifestIssue(
                        path: "environments[\(i)].shift_at",
                        "expected a trial in 1...\(budget) (the budget), got \(at): the system would never change"))
            }
        }
        issues = reader.finish() + issues

        guard issues.isEmpty, let name, let seeds, let budget, let output else {
            throw ManifestError(file: file, issues: issues)
        }
        return Manifest(
            name: name, seeds: seeds, budget: budget, remeasure: remeasure, confirm: confirm, noiseRuns: noiseRuns,
            environments: environments,
            agents: agents, output: output, source: text, warnings: warnings)
    }

    /// The longest label of an environment or agent, as for the campaign's name.
    public static let maximumLabelLength = 100

    /// Why `name` cannot name a results folder, or nil: letters, digits, '.', '_' and '-', not "." or "..",
    /// at most 100 characters.
    static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "._-".unicodeScalars.contains($0)
        }
        let shown = name.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }.joined()
        if !allowed || name == "." || name == ".." || name.count > 100 {
            return
                "expected at most 100 letters, digits, '.', '_' or '-', and not \".\" or \"..\" (it names the "
                + "results folder), got \"\(Echo.shortened(shown))\""
        }
        return nil
    }

    /// `confirm: {candidates: k, repeats: r}`: k in 1...100, r in 1...100, the phase (r (k + 1) evaluations)
    /// shorter than the budget.
    private static func confirmation(_ reader: inout ParameterReader, budget: Int?) -> Confirmation? {
        guard reader.has("confirm") else { return nil }
        var entry = ParameterReader(reader.node("confirm"), path: "confirm", folder: reader.folder)
        let candidates = entry.integer("candidates", range: 1...100, expected: "a count of candidates in 1...100")
        let repeats = entry.integer("repeats", range: 1...100, expected: "a count of re-measurements in 1...100")
        for issue in entry.finish() { reader.report(nil, issue.path + ": " + issue.message) }
        guard let candidates, let repeats else { return nil }
        let confirmation = Confirmation(candidates: candidates, repeats: repeats)
        if let budget, confirmation.evaluations >= budget {
            reader.report(
                "confirm",
                "the phase takes \(confirmation.evaluations) evaluations (repeats x (candidates + the default)), "
                    + "which leaves none of the budget of \(budget) for the agent")
        }
        return confirmation
    }

    /// `seeds`: a list of distinct non-negative integers, or a count n meaning 1...n.
    private static func seeds(_ reader: inout ParameterReader) -> [UInt64]? {
        guard let node = reader.node("seeds") else {
            reader.report(nil, "missing required key 'seeds' (a list of integers, or a count)")
            return nil
        }
        if let scalar = node.scalar, scalar.string.allSatisfy(\.isNumber), !scalar.string.isEmpty,
            Int(scalar.string) == nil
        {
            reader.report(
                "seeds",
                "expected a positive count of at most \(maximumSeeds) seeds or a list of integers, got \(scalar.string)"
            )
            return nil
        }
        if let count = ParameterReader.integer(node) {
            guard (1...maximumSeeds).contains(count) else {
                reader.report(
                    "seeds",
                    "expected a positive count of at most \(maximumSeeds) seeds or a list of integers, got \(count)")
                return nil
            }
            return (1...count).map(UInt64.init)
        }
        guard let list = node.sequence, !list.isEmpty else {
            reader.report(
                "seeds",
                "expected a list of non-negative integers or a positive count, got \(ParameterReader.show(node))")
            return nil
        }
        guard list.count <= maximumSeeds else {
            reader.report("seeds", "expected at most \(maximumSeeds) seeds, got a list of \(list.count)")
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
        warnings: inout [ManifestIssue],
        types: [(name: String, parse: (inout ParameterReader) -> Spec)], label defaultLabel: (Spec) -> String,
        restrictable: Bool = false
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
            var entry = ParameterReader(item, path: "\(key)[\(i)]", folder: reader.folder)
            var label = entry.has("name") ? entry.string("name") : nil
            if let long = label, long.count > maximumLabelLength {
                entry.report(
                    "name",
                    "expected a label of at most \(maximumLabelLength) characters (it names the \(kind) in every "
                        + "figure and file), got \"\(Echo.shortened(long))\"")
                label = nil
            }
            let only = restrictable && entry.has("environments") ? entry.strings("environments") : nil
            if let typeName = entry.string("type") {
                if let type = types.first(where: { $0.name == typeName }) {
                    let spec = type.parse(&entry)
                    let parameters = entry.resolved.filter { !["name", "type", "environments"].contains($0.key) }
                    result.append(
                        Entry(
                            label: label ?? defaultLabel(spec), typeName: typeName, spec: spec, parameters: parameters,
                            environments: only))
                } else {
                    let known = types.map(\.name).joined(separator: ", ")
                    entry.report("type", "unknown \(kind) type \"\(Echo.shortened(typeName))\"; known: \(known)")
                }
            }
            issues += entry.finish()
            warnings += entry.warnings
        }
        var seen: Set<String> = []
        for (i, entry) in result.enumerated() where !seen.insert(entry.label).inserted {
            issues.append(
                ManifestIssue(
                    path: "\(key)[\(i)]",
                    "another \(kind) is also named \"\(entry.label)\"; give each a distinct 'name'"))
        }
        return result
    }

    /// Every agent can tune every environment it runs on, where that is known without a real system (a
    /// simulated environment is built to learn its knobs; a real database's are known only when a run starts).
    /// Only agents that read another campaign (`transfer_from`) depend on the environment this way.
    private static func checkPairs(
        _ agents: [Entry<any AgentSpec>], environments: [Entry<any EnvironmentSpec>], issues: inout [ManifestIssue]
    ) {
        let transferring = agents.indices.filter { agents[$0].parameters["transfer_from"] != nil }
        guard !transferring.isEmpty else { return }
        for environment in environments where !type(of: environment.spec).timingSensitive {
            guard let built = try? environment.spec.make(seed: 0) else { continue }  // reported when it runs
            for i in transferring where agents[i].runs(on: environment.label) {
                if let problem = agents[i].spec.problem(tuning: built.space, objective: built.objective) {
                    issues.append(
                        ManifestIssue(
                            path: "agents[\(i)].transfer_from", "on environment \(environment.label): \(problem)"))
                }
            }
        }
    }

    /// No agent transfers from the campaign's own output folder: it would start from the results it writes.
    private static func checkTransferSources(_ root: Node, output: String, issues: inout [ManifestIssue]) {
        for (i, agent) in (root["agents"]?.sequence ?? []).enumerated() {
            guard let source = agent["transfer_from"]?.string,
                URL(fileURLWithPath: source).canonicalPath == URL(fileURLWithPath: output).canonicalPath
            else { continue }
            issues.append(
                ManifestIssue(
                    path: "agents[\(i)].transfer_from",
                    "\(Echo.shortened(source)) is this campaign's own output folder: an agent cannot start from the "
                        + "results it is writing; name another campaign's folder"))
        }
    }

    /// Every label in an agent's `environments` names an environment of the manifest, once.
    private static func checkRestrictions(
        _ agents: [Entry<any AgentSpec>], environments: [Entry<any EnvironmentSpec>], issues: inout [ManifestIssue]
    ) {
        let labels = environments.map(\.label)
        for (i, agent) in agents.enumerated() {
            guard let only = agent.environments else { continue }
            for name in only where !labels.contains(name) {
                issues.append(
                    ManifestIssue(
                        path: "agents[\(i)].environments",
                        "no environment is named \"\(Echo.shortened(name))\"; known: \(labels.joined(separator: ", "))")
                )
            }
            if Set(only).count != only.count {
                issues.append(ManifestIssue(path: "agents[\(i)].environments", "lists an environment twice"))
            }
        }
    }
}
