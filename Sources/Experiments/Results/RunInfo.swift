import CSQLite3
import Foundation
import LinearAlgebra
import TuningKit

/// `run.json`: what a results folder holds and how it was produced.
///
/// It describes every environment (objective, knobs, metrics, optimum) and agent of the run so that
/// reports need nothing but the folder, and records the provenance (libraries, BLAS kernel and threads,
/// machine) that a reader needs to judge the numbers.
public struct RunInfo: Codable, Sendable {
    public struct ObjectiveInfo: Codable, Sendable {
        public let name: String
        public let unit: String
        public let direction: String
        public var objective: Objective {
            Objective(name: name, unit: unit, direction: Objective.Direction(rawValue: direction) ?? .minimize)
        }
    }

    public struct KnobInfo: Codable, Sendable {
        public let name: String
        public let type: String
        public let range: String
        public let defaultValue: String
        public let logScale: Bool
    }

    public struct EnvironmentInfo: Codable, Sendable {
        public let label: String
        public let type: String
        public let objective: ObjectiveInfo
        public let knobs: [KnobInfo]
        public let metrics: [String]
        /// The known optimum of the objective, where there is one.
        public let optimum: Double?
    }

    public struct AgentInfo: Codable, Sendable {
        public let label: String
        public let type: String
    }

    public struct Provenance: Codable, Sendable {
        public let startedAt: String
        public let host: String
        public let operatingSystem: String
        public let processors: Int
        public let blasCore: String
        public let blasThreads: Int
        public let blasConfiguration: String
        public let sqliteVersion: String
        /// OPENBLAS_* variables in force (they select kernels and so affect the last bits of results).
        public let environmentVariables: [String: String]

        public static func current() -> Provenance {
            let info = ProcessInfo.processInfo
            return Provenance(
                startedAt: ISO8601DateFormatter().string(from: Date()), host: info.hostName,
                operatingSystem: info.operatingSystemVersionString, processors: info.activeProcessorCount,
                blasCore: BLASRuntime.coreName, blasThreads: BLASRuntime.threads, blasConfiguration: BLASRuntime.configuration,
                sqliteVersion: String(cString: sqlite3_libversion()),
                environmentVariables: info.environment.filter { $0.key.hasPrefix("OPENBLAS") })
        }
    }

    public let experiment: String
    public let seeds: [UInt64]
    public let budget: Int
    public let environments: [EnvironmentInfo]
    public let agents: [AgentInfo]
    public let provenance: Provenance

    public static let fileName = "run.json"

    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
    }

    public static func read(from folder: URL) throws -> RunInfo {
        let data = try Data(contentsOf: folder.appendingPathComponent(fileName))
        return try JSONDecoder().decode(RunInfo.self, from: data)
    }
}

extension RunInfo.KnobInfo {
    init(_ knob: Knob) {
        let type: String
        switch knob.domain {
        case .integer: type = "integer"
        case .real: type = "real"
        case .categorical: type = "categorical"
        case .boolean: type = "boolean"
        }
        self.init(name: knob.name, type: type, range: knob.rangeText, defaultValue: knob.defaultValue.description, logScale: knob.logScale)
    }
}
