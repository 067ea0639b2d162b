import Results
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
                "shift_at: a trial from which the system runs under changed conditions (default none: it does not change)",
                "  shift_workload, shift_hardware: the workload and hardware from shift_at on (default: unchanged)",
            ]
    }

    let workload: Workload
    let hardware: Hardware
    let knobCount: Int
    let target: DatabaseSimulator.Target
    let noise: Double
    /// The conditions from trial `at` on, for a system that changes during a run.
    let shift: (at: Int, workload: Workload, hardware: Hardware)?

    init(_ parameters: inout ParameterReader) {
        workload = Self.workload(&parameters, "workload", default: "oltp-read") ?? Workload.profiles[0]
        hardware = Self.hardware(&parameters, "hardware", default: "medium") ?? Hardware.profiles[0]
        knobCount = parameters.knobCount("knobs", maximum: PostgresKnobs.all.count)
        target = parameters.choice("objective", default: DatabaseSimulator.Target.latencyP95)
        noise = parameters.real("noise", default: 0.03, range: 0...1)
        let at =
            parameters.has("shift_at")
            ? parameters.integer("shift_at", range: 1...Manifest.maximumBudget, expected: "a trial number >= 1") : nil
        guard let at else {
            for key in ["shift_workload", "shift_hardware"] where parameters.has(key) {
                _ = parameters.node(key)
                parameters.report(key, "needs shift_at, the trial from which the system changes")
            }
            shift = nil
            return
        }
        let shiftWorkload = Self.workload(&parameters, "shift_workload", default: workload.name) ?? workload
        let shiftHardware = Self.hardware(&parameters, "shift_hardware", default: hardware.name) ?? hardware
        shift = (at, shiftWorkload, shiftHardware)
        if shiftWorkload.name == workload.name, shiftHardware.name == hardware.name {
            parameters.report("shift_at", "shift_workload or shift_hardware must differ from workload and hardware")
        }
    }

    private static func workload(_ parameters: inout ParameterReader, _ key: String, default: String) -> Workload? {
        guard let name = parameters.string(key, default: `default`) else { return nil }
        guard let found = Workload.named(name) else {
            let known = Workload.profiles.map(\.name).joined(separator: ", ")
            parameters.report(key, "unknown workload \"\(name)\"; known: \(known)")
            return nil
        }
        return found
    }

    private static func hardware(_ parameters: inout ParameterReader, _ key: String, default: String) -> Hardware? {
        guard let name = parameters.string(key, default: `default`) else { return nil }
        guard let found = Hardware.named(name) else {
            let known = Hardware.profiles.map(\.name).joined(separator: ", ")
            parameters.report(key, "unknown hardware \"\(name)\"; known: \(known)")
            return nil
        }
        return found
    }

    var defaultLabel: String {
        var label = "\(workload.name)-k\(knobCount)"
        if hardware.name != "medium" { label += "-\(hardware.name)" }
        if target != .latencyP95 { label += "-\(target.rawValue)" }
        if let shift {
            let to = [shift.workload.name, shift.hardware.name].filter { $0 != workload.name && $0 != hardware.name }
            label += "-then-\(to.joined(separator: "-"))@\(shift.at)"
        }
        return label
    }

    func make(seed: UInt64) throws -> any Environment {
        let system = DatabaseSimulator(
            workload: workload, hardware: hardware, knobCount: knobCount, target: target, noise: noise, seed: seed)
        guard let shift else { return system }
        let after = DatabaseSimulator(
            workload: shift.workload, hardware: shift.hardware, knobCount: knobCount, target: target, noise: noise,
            seed: seed)
        return ChangingSystem(before: system, after: after, at: shift.at)
    }
}
