import Foundation
import Surrogates
import TuningKit
import Yams

/// Manifest type `measured`: a surface learned from configurations someone else measured (see
/// `MeasuredTable`, `MeasuredEnvironment`), e.g. the VLDB'22 tuning benchmark's MySQL files.
struct MeasuredSpec: EnvironmentSpec {
    static let typeName = "measured"
    static let summary =
        "a random forest fitted to a file of measured configurations (e.g. the VLDB'22 benchmark's MySQL data); "
        + "no internal metrics (the files measured only the objective), so agents with a state see none"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var data = ""
        /// A JSON file of definitions, or definitions given in the manifest.
        var knobs: Either = .none
        var objective = ""
        var direction = Objective.Direction.minimize
        var unit = ""
        var failureAt: Double?

        enum Either {
            case none, file(String), inline([String: [String: Any]])
        }
    }

    static var parameters: [Parameter<Settings>] {
        [
            .custom(
                "data", "a CSV of measured configurations: a column per knob and the objective's",
                values: "a file, relative to the manifest's folder (required)"
            ) {
                reader, settings in settings.data = reader.string("data") ?? ""
            },
            .custom(
                "knobs",
                "the knob definitions (type, min, max, default, enum_values), as the benchmark's mysql_all_197.json",
                values: "a JSON file, or the definitions as a mapping (required)"
            ) { reader, settings in
                guard let node = reader.node("knobs") else {
                    reader.report(
                        nil, "missing required key 'knobs' (a JSON file of knob definitions, or the definitions)")
                    return
                }
                if let mapping = node.mapping {
                    settings.knobs = .inline(
                        Dictionary(
                            uniqueKeysWithValues: mapping.compactMap { key, value in
                                (value.mapping != nil ? plain(value) as? [String: Any] : nil).map {
                                    (key.string ?? "", $0)
                                }
                            }))
                } else if let path = node.string, !path.isEmpty {
                    settings.knobs = .file(path)
                } else {
                    reader.report(
                        "knobs", "expected a file or a mapping of knob definitions, got \(ParameterReader.show(node))")
                }
            },
            .custom("objective", "the objective's column", values: "a column name (required)") { reader, settings in
                settings.objective = reader.string("objective") ?? ""
            },
            .choice("direction", \.direction, "whether the objective is minimized or maximized"),
            .custom("unit", "the objective's unit", values: "text (default none)") { reader, settings in
                settings.unit = reader.string("unit", default: "") ?? ""
            },
            .custom(
                "failure_at", "a value that stands for a failed run (the Join Order Benchmark's 240 s cut-off)",
                values: "a number (default none)"
            ) { reader, settings in
                if reader.has("failure_at") {
                    settings.failureAt = reader.real("failure_at", default: 0, range: -1e300...1e300)
                }
            },
        ]
    }

    let table: MeasuredTable?
    let objective: Objective
    let failureAt: Double?
    let dataPath: String

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        objective = Objective(name: settings.objective, unit: settings.unit, direction: settings.direction)
        failureAt = settings.failureAt
        dataPath = settings.data
        var table: MeasuredTable?
        if !settings.data.isEmpty, !settings.objective.isEmpty {
            let data = parameters.file(settings.data)
            do {
                switch settings.knobs {
                case .file(let path):
                    table = try MeasuredTable(data: data, knobs: parameters.file(path), objective: settings.objective)
                case .inline(let definitions):
                    table = try MeasuredTable(
                        data: data, definitions: definitions, definitionsFile: "the manifest's knobs",
                        objective: settings.objective,
                        definitionsHash: fnv1a("\(definitions.sorted { $0.key < $1.key })".utf8))
                case .none:
                    break
                }
            } catch {
                parameters.report("data", PlainError.describe(error))
            }
        }
        if let table { parameters.resolve("data_hash", table.fingerprint) }
        self.table = table
    }

    var defaultLabel: String { "measured-" + URL(fileURLWithPath: dataPath).deletingPathExtension().lastPathComponent }

    func make(seed: UInt64) throws -> any Environment {
        guard let table else { throw PlainError("no measured data") }
        return MeasuredEnvironment(table: table, objective: objective, failureAt: failureAt)
    }

    /// A YAML node as plain values (numbers, text, lists, mappings) for knob definitions given inline.
    private static func plain(_ node: Node) -> Any {
        if let mapping = node.mapping {
            return Dictionary(uniqueKeysWithValues: mapping.map { ($0.key.string ?? "", plain($0.value)) })
        }
        if let list = node.sequence { return list.map(plain) }
        if let int = node.int { return NSNumber(value: int) }
        if let double = node.float { return NSNumber(value: double) }
        return node.string ?? ""
    }
}
