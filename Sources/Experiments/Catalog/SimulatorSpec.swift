import Simulator
import TuningKit

/// Manifest type `simulator`: a simulated PostgreSQL server (workload, hardware, top-k knobs, noise).
struct SimulatorSpec: EnvironmentSpec {
    static let typeName = "simulator"
    static let summary =
        "simulated PostgreSQL 15 server: 39 real knobs, 38 internal metrics, noise, crash regions, computed optimum"
    static var parameterHelp: [String] {
        ["workload: " + Workload.profiles.map(\.name).joined(separator: " | ") + " (default oltp-read)"]
            + Workload.profiles.map { "  \($0.name): \($0.summary)" }
            + ["hardware: " + Hardware.profiles.map(\.name).joined(separator: " | ") + " (default medium)"]
            + Hardware.profiles.map { "  \($0.name): \($0.summary)" }
            + [
                "knobs: the top k knobs in importance order, 1..\(PostgresKnobs.all.count), or all (default all)",
                "objective: " + DatabaseSimulator.Target.allCases.map(\.rawValue).joined(separator: " | ")
                    + " (default latency_p95)",
                "noise: coefficient of variation of the measurement noise (default 0.03)",
            ]
    }

    let workload: Workload
    let hardware: Hardware
    let knobCount: Int
    let target: DatabaseSimulator.Target
    let noise: Double

    init(_ parameters: inout ParameterReader) {
        let workloadName = parameters.string("workload", default: "oltp-read") ?? "oltp-read"
        let hardwareName = parameters.string("hardware", default: "medium") ?? "medium"
        if Workload.named(workloadName) == nil {
            parameters.report(
                "workload",
                "unknown workload \"\(workloadName)\"; known: \(Workload.profiles.map(\.name).joined(separator: ", "))")
        }
        if Hardware.named(hardwareName) == nil {
            parameters.report(
                "hardware",
                "unknown hardware \"\(hardwareName)\"; known: \(Hardware.profiles.map(\.name).joined(separator: ", "))")
        }
        workload = Workload.named(workloadName) ?? Workload.profiles[0]
        hardware = Hardware.named(hardwareName) ?? Hardware.profiles[0]
        knobCount = parameters.knobCount("knobs", maximum: PostgresKnobs.all.count)
        target = parameters.choice("objective", default: DatabaseSimulator.Target.latencyP95)
        noise = parameters.real("noise", default: 0.03, range: 0...1)
    }

    var defaultLabel: String {
        var label = "\(workload.name)-k\(knobCount)"
        if hardware.name != "medium" { label += "-\(hardware.name)" }
        if target != .latencyP95 { label += "-\(target.rawValue)" }
        return label
    }

    func make(seed: UInt64) throws -> any Environment {
        DatabaseSimulator(
            workload: workload, hardware: hardware, knobCount: knobCount, target: target, noise: noise, seed: seed)
    }
}

/// Manifest types `branin`, `hartmann6`, `rosenbrock`, `ackley`, `levy`: standard test functions.
struct BenchmarkFunctionSpec<Kind: BenchmarkFunctionKind>: EnvironmentSpec {
    static var typeName: String { Kind.kind.rawValue }
    static var summary: String {
        let domain = Kind.kind.fixedDimension.map { "\($0)-d" } ?? "any dimension"
        return "\(Kind.kind.rawValue) test function (\(domain)), minimum \(Kind.kind.optimum)"
    }
    static var parameterHelp: [String] {
        Kind.kind.fixedDimension == nil ? ["dimensions: 2..100 (default 6)"] : []
    }

    let dimensions: Int

    init(_ parameters: inout ParameterReader) {
        if let fixed = Kind.kind.fixedDimension {
            dimensions = fixed
        } else {
            dimensions = parameters.integer("dimensions", default: 6, range: 2...100) ?? 6
        }
    }

    var defaultLabel: String { Kind.kind.fixedDimension == nil ? "\(Self.typeName)-\(dimensions)d" : Self.typeName }

    func make(seed: UInt64) throws -> any Environment { BenchmarkFunction(Kind.kind, dimensions: dimensions) }
}

/// Ties a benchmark function kind to a spec type, so each kind is its own manifest type.
protocol BenchmarkFunctionKind: Sendable { static var kind: BenchmarkFunction.Kind { get } }
enum BraninKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.branin }
enum Hartmann6Kind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.hartmann6 }
enum RosenbrockKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.rosenbrock }
enum AckleyKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.ackley }
enum LevyKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.levy }
