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
    static var parameterHelp: [String] {
        [
            "workload: " + PgbenchWorkload.builtIn.joined(separator: " | ")
                + ", or a pgbench script file (optionally with -- @setup SQL and -- @run sections) (default tpcb-like)",
            "scale: pgbench's scale factor, 100,000 accounts (about 15 MB) each, 1..10000 (default 10)",
            "clients: concurrent sessions, 1..1000 (default 4); threads: pgbench threads, 1..clients (default 2)",
            "duration: seconds of each timed run, 1..86400 (default 10); transactions: per client instead (default none)",
            "warmup: seconds of untimed pgbench before the timed runs, 0..3600 (default 2)",
            "repetitions: timed runs per configuration, whose median is reported, 1..50 (default 1)",
            "knobs: the top k knobs in importance order, 1..\(ServerKnobs.all(for: .this).count), all, or a list of "
                + "names (default all)",
            "objective: " + PostgresEnvironment.Target.allCases.map(\.rawValue).joined(separator: " | ")
                + " (default throughput, tx/s)",
            "timeout: seconds after which a pgbench run is stopped and the trial fails (default 600)",
            "start_timeout: seconds the server may take to start (default 60)",
            "setup_timeout: seconds building the cluster (initdb, the workload's data) may take (default 600)",
            "max_other_load: share of all cores other processes may use during a timed run before it is repeated "
                + "(default 0.25)",
            "busy_retries: timed runs an evaluation may spend repeating busy ones (default 3)",
            "memory_gb, cores: the machine the knob ranges scale with (default this one: \(Machine.this.summary)); "
                + "recorded, so that shards or a resume on another kind of machine are refused",
        ]
    }

    static var knobSpace: KnobSpace? { try? ServerKnobs.space(machine: .this) }
    static let timingSensitive = true

    let workload: PgbenchWorkload
    let options: PostgresEnvironment.Options
    let machine: Machine

    init(_ parameters: inout ParameterReader) {
        let name = parameters.string("workload", default: "tpcb-like") ?? "tpcb-like"
        var script = PgbenchWorkload.Script.builtIn("tpcb-like")
        do { script = try PgbenchWorkload.script(named: name) } catch { parameters.report("workload", "\(error)") }
        if case .custom(let path, _, _) = script, let data = FileManager.default.contents(atPath: path) {
            parameters.resolve("workload_hash", String(fnv1a(data), radix: 16))
        }
        var workload = PgbenchWorkload(script: script)
        workload.scale = parameters.integer("scale", default: 10, range: 1...10_000) ?? 10
        workload.clients = parameters.integer("clients", default: 4, range: 1...1000) ?? 4
        workload.threads =
            parameters.integer("threads", default: min(2, workload.clients), range: 1...workload.clients) ?? 1
        workload.duration = parameters.integer("duration", default: 10, range: 1...86_400) ?? 10
        if parameters.has("transactions") {
            workload.transactions = parameters.integer("transactions", range: 1...1_000_000_000)
            if parameters.has("duration") {
                parameters.report("transactions", "give duration or transactions, not both (a run ends at one)")
            }
        }
        self.workload = workload

        var options = PostgresEnvironment.Options()
        options.warmup = parameters.integer("warmup", default: 2, range: 0...3600) ?? 2
        options.repetitions = parameters.integer("repetitions", default: 1, range: 1...50) ?? 1
        options.timeout = parameters.real("timeout", default: 600, range: 1...604_800)
        let longest = Double(max(workload.transactions == nil ? workload.duration : 0, options.warmup))
        if options.timeout <= longest {
            parameters.report(
                "timeout",
                "\(Int(options.timeout)) s ends every pgbench run, which lasts \(Int(longest)) s "
                    + "(duration or warmup); give more, or shorter runs")
        }
        options.startTimeout = parameters.real("start_timeout", default: 60, range: 1...3600)
        options.setupTimeout = parameters.real("setup_timeout", default: 600, range: 1...604_800)
        options.target = parameters.choice("objective", default: PostgresEnvironment.Target.throughput)
        options.maxOtherLoad = parameters.real("max_other_load", default: 0.25, range: 0...1)
        options.busyRetries = parameters.integer("busy_retries", default: 3, range: 0...20) ?? 3
        let here = Machine.this
        let memory = parameters.real(
            "memory_gb", default: (here.memoryBytes / 1_073_741_824 * 100).rounded() / 100, range: 0.25...1_048_576)
        let cores = parameters.integer("cores", default: here.cores, range: 1...4096) ?? here.cores
        machine = Machine(memoryBytes: memory * 1_073_741_824, cores: cores)
        let knobCount = ServerKnobs.all(for: machine).count
        if let node = parameters.node("knobs"),
            node.sequence != nil || (node.string.map { Int($0) == nil && $0 != "all" } ?? false)
        {
            options.knobs = parameters.strings("knobs")
            do { _ = try ServerKnobs.space(names: options.knobs, machine: machine) } catch {
                parameters.report("knobs", "\(error)")
            }
        } else {
            options.knobCount = parameters.knobCount("knobs", maximum: knobCount)
        }
        self.options = options
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
