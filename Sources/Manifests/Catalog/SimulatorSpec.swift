import Results
import Simulator
import TuningKit

/// Manifest type `simulator`: a simulated PostgreSQL server (workload, hardware, top-k knobs, noise).
struct SimulatorSpec: EnvironmentSpec {
    static let typeName = "simulator"
    static let summary =
        "simulated PostgreSQL 15 server: 39 real knobs, 38 internal metrics, noise, crash regions, computed optimum"
    static var parameterHelp: [String] {
        let profiles =
            Workload.profiles.map { "  \($0.name): \($0.summary)" } + ["hardware profiles:"]
            + Hardware.profiles.map { "  \($0.name): \($0.summary)" }
        return parameters.help(Settings()) + ["workload profiles:"] + profiles
    }

    /// What a manifest entry sets.
    struct Settings {
        var workload = Workload.named("oltp-read") ?? Workload.profiles[0]
        var hardware = Hardware.named("medium") ?? Hardware.profiles[0]
        var knobCount = PostgresKnobs.all.count
        var target = DatabaseSimulator.Target.latencyP95
        var noise = 0.03
        /// The conditions from trial `at` on, for a system that changes during a run.
        var shift: (at: Int, workload: Workload, hardware: Hardware)?
    }

    /// The keys, in the order they are read.
    static var parameters: [Parameter<Settings>] {
        [
            .custom(
                "workload", "the load",
                values: Workload.profiles.map(\.name).joined(separator: " | ") + " (default oltp-read)"
            ) {
                reader, settings in
                settings.workload = workload(&reader, "workload", default: "oltp-read") ?? Workload.profiles[0]
            },
            .custom(
                "hardware", "the machine",
                values: Hardware.profiles.map(\.name).joined(separator: " | ") + " (default medium)"
            ) {
                reader, settings in
                settings.hardware = hardware(&reader, "hardware", default: "medium") ?? Hardware.profiles[0]
            },
            .custom(
                "knobs", "the top k knobs in importance order",
                values: "1...\(PostgresKnobs.all.count), or all (default all)"
            ) { reader, settings in
                settings.knobCount = reader.knobCount("knobs", maximum: PostgresKnobs.all.count)
            },
            .choice("objective", \.target, "what is optimized"),
            .real("noise", \.noise, in: 0...1, "coefficient of variation of the measurement noise"),
            .custom(
                "shift_at",
                "a trial from which the system runs under changed conditions: shift_workload and shift_hardware, "
                    + "the workload and hardware from then on (default: unchanged)",
                values: "a trial number (default none: the system does not change)", read: readShift),
        ]
    }

    /// `shift_at`, `shift_workload` and `shift_hardware`.
    private static func readShift(_ parameters: inout ParameterReader, _ settings: inout Settings) {
        let at =
            parameters.has("shift_at")
            ? parameters.integer("shift_at", range: 1...Manifest.maximumBudget, expected: "a trial number >= 1") : nil
        guard let at else {
            for key in ["shift_workload", "shift_hardware"] where parameters.has(key) {
                _ = parameters.node(key)
                parameters.report(key, "needs shift_at, the trial from which the system changes")
            }
            return
        }
        let (workload, hardware) = (settings.workload, settings.hardware)
        let shiftWorkload = Self.workload(&parameters, "shift_workload", default: workload.name) ?? workload
        let shiftHardware = Self.hardware(&parameters, "shift_hardware", default: hardware.name) ?? hardware
        settings.shift = (at, shiftWorkload, shiftHardware)
        if shiftWorkload.name == workload.name, shiftHardware.name == hardware.name {
            parameters.report("shift_at", "shift_workload or shift_hardware must differ from workload and hardware")
        }
    }

    let settings: Settings
    var workload: Workload { settings.workload }
    var hardware: Hardware { settings.hardware }
    var knobCount: Int { settings.knobCount }
    var target: DatabaseSimulator.Target { settings.target }
    var noise: Double { settings.noise }
    var shift: (at: Int, workload: Workload, hardware: Hardware)? { settings.shift }

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        self.settings = settings
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
