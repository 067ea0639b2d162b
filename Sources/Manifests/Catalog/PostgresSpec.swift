import Foundation
import PostgresTarget
import Results
import TuningKit

/// Manifest type `postgres`: a real PostgreSQL 15 server that satune builds, starts and loads with pgbench
/// for each trial (see `PostgresEnvironment`).
struct PostgresSpec: EnvironmentSpec {
    static let typeName = "postgres"
    static let summary =
        "a real PostgreSQL 15 server started by satune for each trial under pgbench; the simulator's 39 knobs, "
        + "the server's statistics as metrics"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    static var knobSpace: KnobSpace? { try? ServerKnobs.space(machine: .this) }
    static let timingSensitive = true

    /// What a manifest entry sets: pgbench's load, how each configuration is measured, and the machine the
    /// knob ranges scale with.
    struct Settings {
        var workload = PgbenchWorkload(script: .builtIn("tpcb-like"))
        var options = PostgresEnvironment.Options()
        var memoryGB = (Machine.this.memoryBytes / 1_073_741_824 * 100).rounded() / 100
        var cores = Machine.this.cores
        var machine: Machine { Machine(memoryBytes: memoryGB * 1_073_741_824, cores: cores) }
    }

    /// The keys, in the order they are read (`threads` after `clients`, `knobs` after the machine).
    static var parameters: [Parameter<Settings>] {
        let load: [Parameter<PgbenchWorkload>] = [
            .integer("scale", \.scale, in: 1...10_000, "pgbench's scale factor, 100,000 accounts (about 15 MB) each"),
            .integer("clients", \.clients, in: 1...1000, "concurrent sessions"),
            .custom("threads", "pgbench threads", values: "1...clients (default 2, at most clients)") { reader, load in
                load.threads =
                    reader.integer("threads", default: min(2, load.clients), range: 1...load.clients) ?? 1
            },
            .integer("duration", \.duration, in: 1...86_400, "seconds of each timed run"),
            .custom("transactions", "per client, instead of a duration", values: "1...1000000000 (default none)") {
                reader, load in
                guard reader.has("transactions") else { return }
                load.transactions = reader.integer("transactions", range: 1...1_000_000_000)
                if reader.has("duration") {
                    reader.report("transactions", "give duration or transactions, not both (a run ends at one)")
                }
            },
        ]
        let measuring: [Parameter<PostgresEnvironment.Options>] = [
            .integer("warmup", \.warmup, in: 0...3600, "seconds of untimed pgbench before the timed runs"),
            .integer(
                "repetitions", \.repetitions, in: 1...50, "timed runs per configuration, whose median is reported"),
            .real(
                "timeout", \.timeout, in: 1...604_800,
                "seconds after which a pgbench run is stopped and the trial fails"),
            .real("start_timeout", \.startTimeout, in: 1...3600, "seconds the server may take to start"),
            .real(
                "setup_timeout", \.setupTimeout, in: 1...604_800,
                "seconds building the cluster (initdb, the workload's data) may take"),
            .choice("objective", \.target, "what is optimized (throughput in tx/s, latencies in ms)"),
            .real(
                "max_other_load", \.maxOtherLoad, in: 0...1,
                "share of all cores other processes may use during a timed run before it is repeated"),
            .integer(
                "busy_retries", \.busyRetries, in: 0...20, "timed runs an evaluation may spend repeating busy ones"),
            .boolean(
                "early_abort", \.earlyAbort,
                "stop a timed run a quarter in when its progress is surely below half the incumbent's throughput "
                    + "(above twice its mean latency); recorded as aborted"
            ).addedLater(legacy: "false"),
            .boolean("cpu_affinity", \.cpuAffinity, "keep the server on half the cores and pgbench on the rest")
                .addedLater(legacy: "false"),
            .boolean("drop_caches", \.dropCaches, "empty the kernel's page cache before each trial (root only)")
                .addedLater(legacy: "false"),
        ]
        let workload = Parameter<Settings>.custom(
            "workload", "pgbench's load",
            values: PgbenchWorkload.builtIn.joined(separator: " | ")
                + ", or a pgbench script file (optionally with -- @setup SQL and -- @run sections) (default tpcb-like)"
        ) { reader, settings in
            let name = reader.string("workload", default: "tpcb-like") ?? "tpcb-like"
            var script = PgbenchWorkload.Script.builtIn("tpcb-like")
            do { script = try PgbenchWorkload.script(named: name) } catch { reader.report("workload", "\(error)") }
            if case .custom(let path, _, _) = script, let data = FileManager.default.contents(atPath: path) {
                reader.resolve("workload_hash", String(fnv1a(data), radix: 16))
            }
            settings.workload = PgbenchWorkload(script: script)
        }
        let machine: [Parameter<Settings>] = [
            .real(
                "memory_gb", \.memoryGB, in: 0.25...1_048_576,
                "memory of the machine the knob ranges scale with (this one: \(Machine.this.summary)); recorded, so "
                    + "that shards or a resume on another kind of machine are refused"),
            .integer("cores", \.cores, in: 1...4096, "cores of that machine"),
            .custom(
                "knobs", "the knobs to tune",
                values:
                    "the top k in importance order, 1...\(ServerKnobs.all(for: .this).count), all, or a list of names "
                    + "(default all)"
            ) { reader, settings in
                let machine = settings.machine
                if let node = reader.node("knobs"),
                    node.sequence != nil || (node.string.map { Int($0) == nil && $0 != "all" } ?? false)
                {
                    settings.options.knobs = reader.strings("knobs")
                    do { _ = try ServerKnobs.space(names: settings.options.knobs, machine: machine) } catch {
                        reader.report("knobs", "\(error)")
                    }
                } else {
                    settings.options.knobCount = reader.knobCount("knobs", maximum: ServerKnobs.all(for: machine).count)
                }
            },
        ]
        return [workload] + load.map { $0.within(\Settings.workload) } + measuring.map { $0.within(\Settings.options) }
            + machine
    }

    let workload: PgbenchWorkload
    let options: PostgresEnvironment.Options
    let machine: Machine

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        let (load, options) = (settings.workload, settings.options)
        let longest = Double(max(load.transactions == nil ? load.duration : 0, options.warmup))
        if options.timeout <= longest {
            parameters.report(
                "timeout",
                "\(Int(options.timeout)) s ends every pgbench run, which lasts \(Int(longest)) s "
                    + "(duration or warmup); give more, or shorter runs")
        }
        (workload, self.options, machine) = (load, options, settings.machine)
        // Describing or submitting a campaign needs no PostgreSQL here (a cluster's login node); running it does.
        do { _ = try PostgresInstallation.find() } catch { parameters.warn(nil, "\(error)") }
    }

    var defaultLabel: String {
        var label = "postgres-\(workload.name)-s\(workload.scale)-c\(workload.clients)"
        if let knobs = options.knobs { label += "-k\(knobs.count)" }
        if let count = options.knobCount, count < ServerKnobs.all(for: machine).count { label += "-k\(count)" }
        if options.target != .throughput { label += "-\(options.target.rawValue)" }
        return label
    }

    func make(seed: UInt64) throws -> any Environment {
        try PostgresEnvironment(workload: workload, options: options, machine: machine)
    }
}
