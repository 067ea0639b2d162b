import Foundation
import TuningKit

/// `run.json`: what a results folder holds and how it was produced.
///
/// It describes every environment (objective, knobs, metrics, optimum) and agent of the campaign, with
/// their effective parameters, so that reports and resumes need nothing but the folder; the manifest's
/// fingerprint, which a resume or a merge must match; the shard, if the folder holds one; the
/// provenance (satune's version and commit, libraries, machine); and one entry per session that wrote it.
public struct RunInfo: Codable, Sendable {
    public struct ObjectiveInfo: Codable, Sendable, Equatable {
        public let name: String
        public let unit: String
        public let direction: Objective.Direction
        public var objective: Objective { Objective(name: name, unit: unit, direction: direction) }
        public init(_ objective: Objective) {
            name = objective.name
            unit = objective.unit
            direction = objective.direction
        }
    }

    public struct KnobInfo: Codable, Sendable, Equatable {
        public let name: String
        public let type: String
        public let range: String
        public let defaultValue: String
        public let logScale: Bool
        /// The unit of the knob's values (e.g. "kB", "ms"); nil when it has none or for folders written
        /// before units were recorded.
        public var unit: String?
        /// The values of a categorical or boolean knob; nil for numbers (and in folders written before).
        public var choices: [String]?

        /// The name with its unit, e.g. "work_mem (kB)".
        public var labelWithUnit: String { unit.map { "\(name) (\($0))" } ?? name }
    }

    public struct EnvironmentInfo: Codable, Sendable {
        public let label: String
        public let type: String
        /// Every manifest key of the entry with its effective value, defaults included.
        public let parameters: [String: String]
        public let objective: ObjectiveInfo
        public let knobs: [KnobInfo]
        public let metrics: [String]
        /// The known optimum of the objective, where there is one.
        public var optimum: Double?
        /// A real system whose timings other cells would disturb: its cells run one at a time.
        public let timingSensitive: Bool
        /// The first step under changed conditions, for a system that changes during a run
        /// (`Environment.changeTrial`); nil (absent) for one that does not.
        public var changeStep: Int?

        public init(
            label: String, type: String, parameters: [String: String], objective: ObjectiveInfo, knobs: [KnobInfo],
            metrics: [String], optimum: Double? = nil, timingSensitive: Bool, changeStep: Int? = nil
        ) {
            self.label = label
            self.type = type
            self.parameters = parameters
            self.objective = objective
            self.knobs = knobs
            self.metrics = metrics
            self.optimum = optimum
            self.timingSensitive = timingSensitive
            self.changeStep = changeStep
        }
    }

    public struct AgentInfo: Codable, Sendable, Equatable {
        public let label: String
        public let type: String
        public let parameters: [String: String]
        /// The labels of the environments the agent runs on; nil (absent from `run.json`) for all.
        public var environments: [String]?

        /// True when the agent runs on the environment labelled `label`.
        public func runs(on label: String) -> Bool { environments?.contains(label) ?? true }

        public init(
            label: String, type: String, parameters: [String: String], environments: [String]? = nil
        ) {
            self.label = label
            self.type = type
            self.parameters = parameters
            self.environments = environments
        }
    }

    /// Which 1/n of the campaign's cells a folder holds: shard `index` (1-based) of `count`.
    public struct Shard: Codable, Sendable, Equatable, CustomStringConvertible {
        public let index: Int
        public let count: Int
        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
        public var description: String { "\(index)/\(count)" }
        /// The folder name of the shard under `<output>/shards/`.
        public var folderName: String { "\(index)-of-\(count)" }
        /// The shard a folder name (`<i>-of-<n>`) stands for; nil for any other name.
        public init?(folderName: String) {
            guard folderName.range(of: #"^[0-9]+-of-[0-9]+$"#, options: .regularExpression) != nil else { return nil }
            let parts = folderName.split(separator: "-")
            guard let index = Int(parts[0]), let count = Int(parts[2]) else { return nil }
            self.init(index: index, count: count)
        }
    }

    /// One `satune run` (or `merge`) that wrote to the folder.
    public struct Session: Codable, Sendable {
        /// How a session stands or ended; written in `run.json` by its raw value.
        public enum Status: String, Codable, Sendable {
            /// Still running, or killed without a word (`satune status` tells which by the folder's lock).
            case running
            case complete
            /// Stopped by Ctrl-C or SIGTERM; the same command resumes it.
            case interrupted
            /// A run stopped by an error in one of its cells.
            case stopped
            /// A folder written by `satune merge`.
            case merged
        }

        public var command: String
        public var startedAt: String
        public var finishedAt: String?
        public var host: String
        public var pid: Int32
        public var jobs: Int
        public var status: Status
        /// The code, libraries and machine of this session (each shard's, in a merged folder).
        public var provenance: Provenance?

        public init(
            command: String, startedAt: String, finishedAt: String? = nil, host: String, pid: Int32, jobs: Int,
            status: Status, provenance: Provenance? = nil
        ) {
            self.command = command
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.host = host
            self.pid = pid
            self.jobs = jobs
            self.status = status
            self.provenance = provenance
        }
    }

    public let experiment: String
    public let seeds: [UInt64]
    public let budget: Int
    /// Re-measurements of the default and the final incumbent per run (manifest key `remeasure`).
    public let remeasure: Int
    /// Each run's confirmation phase (manifest key `confirm`); nil (absent) for none.
    public var confirm: Confirmation?
    /// A fingerprint of everything in the manifest that determines results (FNV-1a, hex).
    public let manifestHash: String
    public var environments: [EnvironmentInfo]
    public let agents: [AgentInfo]
    /// The header of `trials.csv`.
    public let columns: [String]
    public var shard: Shard?
    /// The provenance of the latest session (each session keeps its own).
    public var provenance: Provenance
    public var sessions: [Session]

    public init(
        experiment: String, seeds: [UInt64], budget: Int, remeasure: Int, confirm: Confirmation? = nil,
        manifestHash: String,
        environments: [EnvironmentInfo], agents: [AgentInfo], columns: [String], shard: Shard? = nil,
        provenance: Provenance, sessions: [Session]
    ) {
        self.experiment = experiment
        self.seeds = seeds
        self.budget = budget
        self.remeasure = remeasure
        self.confirm = confirm
        self.manifestHash = manifestHash
        self.environments = environments
        self.agents = agents
        self.columns = columns
        self.shard = shard
        self.provenance = provenance
        self.sessions = sessions
    }

    public static let fileName = "run.json"

    /// The time now as `run.json` records a session's start and end (ISO 8601, UTC).
    public static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }

    public func environment(_ label: String) -> EnvironmentInfo? { environments.first { $0.label == label } }

    /// Every cell of the campaign in canonical order (environments, then the agents that run on each, then
    /// seeds), or of its shard when the folder holds one.
    public var cells: [CellKey] {
        guard let shard else { return campaignCells.map(\.key) }
        return cells(dealtInto: shard.count, shards: [shard.index])
    }

    /// The cells of the whole campaign that a split into `count` shards deals to `shards` (`ShardPlan`).
    public func cells(dealtInto count: Int, shards: Set<Int>) -> [CellKey] {
        let all = campaignCells
        let plan = ShardPlan.shards(timingSensitive: all.map(\.timingSensitive), count: count)
        return all.indices.filter { shards.contains(plan[$0]) }.map { all[$0].key }
    }

    /// Every cell of the whole campaign, and whether it runs on a real database.
    private var campaignCells: [(key: CellKey, timingSensitive: Bool)] {
        environments.flatMap { env in
            agents.filter { $0.runs(on: env.label) }.flatMap { agent in
                seeds.map { (CellKey(environment: env.label, agent: agent.label, seed: $0), env.timingSensitive) }
            }
        }
    }

    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Files.writeAtomically(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }

    /// Reads `run.json`; a file that is not satune's run description is reported with its name and line.
    public static func read(from folder: URL) throws -> RunInfo {
        let url = folder.appendingPathComponent(fileName)
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw Files.cannotRead(url, error) }
        let info: RunInfo
        do {
            info = try JSONDecoder().decode(RunInfo.self, from: data)
        } catch let error as DecodingError {
            throw PlainError("\(url.path): \(Self.explain(error, in: data))")
        } catch {
            throw PlainError("\(url.path): not a satune run.json: \(PlainError.reason(error))")
        }
        if let shard = info.shard,
            shard.count < 1 || shard.count > info.campaignRunCount || shard.index < 1
                || shard.index > shard.count
        {
            throw PlainError(
                "\(url.path): shard \(shard) is not a shard of this campaign, which has \(info.campaignRunCount) runs "
                    + "(the file was edited?)")
        }
        return info
    }

    /// The number of runs of the whole campaign (of every shard): a shard count is at most this.
    public var campaignRunCount: Int {
        environments.reduce(0) { total, env in total + agents.filter { $0.runs(on: env.label) }.count * seeds.count }
    }

    /// A JSON decoding error in words, with the line where the parser stopped when it says.
    private static func explain(_ error: DecodingError, in data: Data) -> String {
        if case .dataCorrupted(let context) = error,
            let index = (context.underlyingError as NSError?)?.userInfo["NSJSONSerializationErrorIndex"] as? Int
        {
            let line = data.prefix(index).filter { $0 == UInt8(ascii: "\n") }.count + 1
            return "line \(line): not valid JSON (the file may have been cut short)"
        }
        return "not a satune run.json: " + PlainError.explain(error)
    }
}

extension RunInfo.KnobInfo {
    public init(_ knob: Knob) {
        let type =
            switch knob.domain {
            case .integer: "integer"
            case .real: "real"
            case .categorical: "categorical"
            case .boolean: "boolean"
            }
        self.init(
            name: knob.name, type: type, range: knob.rangeText, defaultValue: knob.defaultValue.description,
            logScale: knob.logScale, unit: knob.unit.isEmpty ? nil : knob.unit, choices: Self.choices(of: knob))
    }

    private static func choices(of knob: Knob) -> [String]? {
        switch knob.domain {
        case .categorical(let choices): choices
        case .boolean: ["on", "off"]
        case .integer, .real: nil
        }
    }
}
