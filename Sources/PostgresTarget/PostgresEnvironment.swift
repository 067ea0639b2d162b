import Foundation
import TuningKit

/// A real PostgreSQL 15 server under a pgbench workload: the environment the tuning papers measure on.
///
/// Evaluating a configuration copies the workload's pristine data directory into a trial folder, writes the
/// configuration into `postgresql.auto.conf`, starts the server (private: a Unix socket in the trial folder,
/// no TCP), reads the settings back, runs pgbench for `warmup` seconds untimed and then `repetitions` timed
/// runs, stops the server at once and removes the folder. It reports the median of each figure over the timed
/// runs, with the throughput's coefficient of variation as metric `throughput_cv`. A timed run during which
/// other processes kept more than `maxOtherLoad` of the cores busy is repeated (up to `busyRetries` times;
/// metric `busy_runs` counts them). A server that does not start, or fails during the run, fails the trial
/// with the server's own words; the run goes on.
public final class PostgresEnvironment: Environment {
    /// What is optimized.
    public enum Target: String, CaseIterable, Sendable {
        /// Transactions per second, maximized.
        case throughput
        /// Latency percentiles and mean of the transactions, milliseconds, minimized.
        case latencyMean = "latency_mean"
        case latencyP95 = "latency_p95"
        case latencyP99 = "latency_p99"
    }

    /// How each configuration is measured.
    public struct Options: Sendable {
        /// Seconds of untimed pgbench before the timed runs.
        public var warmup = 2
        /// Timed runs per configuration, whose median is reported.
        public var repetitions = 1
        /// Seconds after which a pgbench run is stopped and the trial fails.
        public var timeout = 600.0
        /// Seconds the server may take to start.
        public var startTimeout = 60.0
        /// Seconds building the pristine cluster (initdb and the workload's data) may take.
        public var setupTimeout = 600.0
        public var target = Target.throughput
        /// The knobs to tune, by name, or the first `knobCount` of the importance order (nil, nil: all).
        public var knobs: [String]?
        public var knobCount: Int?
        /// Share of all cores (0 to 1) that other processes may use during a timed run before it is repeated.
        public var maxOtherLoad = 0.25
        /// Extra timed runs an evaluation may spend repeating busy ones.
        public var busyRetries = 3
        /// Stop a timed run early when, a quarter into it, its running throughput is below half the run's
        /// incumbent's (its mean latency above twice, for a latency target) by the interval of its progress
        /// reports (`PgbenchAbort`); the trial is recorded as aborted with its interim figures.
        public var earlyAbort = false
        /// Keep the server on the first half of the cores and pgbench on the other half (`taskset`), so that
        /// the scheduler does not move them between runs (`Placement`).
        public var cpuAffinity = false
        /// Drop the kernel's page cache before each trial's server starts (`/proc/sys/vm/drop_caches`; root
        /// only), so that every trial starts from the disk alike.
        public var dropCaches = false
        public init() {}
    }

    public let workload: PgbenchWorkload
    public let options: Options
    public let space: KnobSpace
    public let objective: Objective
    public let machine: Machine
    private let storeRoot: URL?
    private let interruption = Interruption()
    /// The installation, the store and the workload's pristine cluster, found and built at the first
    /// evaluation (`prepare`), so that describing a campaign needs no PostgreSQL and a long build runs where
    /// Ctrl-C can stop it.
    private var prepared: (installation: PostgresInstallation, store: ClusterStore, pristine: URL)?
    /// Custom scripts that ran on the defaults in this process (pristine cluster and script text).
    private static let validated = ProcessCache<Bool>()

    public var metricNames: [String] { PostgresMeasurement.metricNames }

    /// The environment over `machine`'s knob ranges; nothing is started or built yet.
    public init(
        workload: PgbenchWorkload, options: Options = Options(), machine: Machine = .this, storeRoot: URL? = nil
    ) throws {
        self.workload = workload
        self.options = options
        self.machine = machine
        self.storeRoot = storeRoot
        space = try ServerKnobs.space(names: options.knobs, count: options.knobCount, machine: machine)
        objective =
            switch options.target {
            case .throughput: Objective(name: "throughput", unit: "tx/s", direction: .maximize)
            default: Objective(name: options.target.rawValue, unit: "ms", direction: .minimize)
            }
    }

    /// The installation and the cluster store, once `prepare` has found them.
    public var installation: PostgresInstallation? { prepared?.installation }
    public var store: ClusterStore? { prepared?.store }

    /// Finds PostgreSQL 15, opens the cluster store and builds the workload's pristine cluster if it is not
    /// cached; a custom script is run once on the defaults, so that its errors come before tuning does. Done
    /// once, before the first evaluation; errors mean the environment cannot measure anything.
    public func prepare() throws {
        if prepared != nil { return }
        let installation = try PostgresInstallation.find()
        let store = try ClusterStore(root: storeRoot, installation: installation)
        let pristine = try store.pristine(for: workload, timeout: options.setupTimeout, interruption: interruption)
        prepared = (installation, store, pristine)
        if case .custom(let path, _, let run) = workload.script {
            do {
                _ = try Self.validated.value(for: pristine.path + "|" + run) { try validate(path) }
            } catch {
                prepared = nil
                throw error
            }
        }
    }

    /// Runs a custom script once (one transaction per client) on the defaults.
    private func validate(_ path: String) throws -> Bool {
        var probe = workload
        probe.transactions = 1
        let result = try measure(space.defaultConfiguration, workload: probe, warmup: 0, repetitions: 1)
        if result.interrupted { throw PostgresError("interrupted while checking \(path) on the defaults") }
        if let reason = result.failureReason {
            // "pgbench failed: client 0 script 0 aborted in command 1 query 0: ERROR: ..." -> "path:2: ERROR: ..."
            if case .custom(_, _, let run) = workload.script,
                let match = reason.firstMatch(of: #/client \d+ script \d+ aborted in command (\d+) query \d+: /#),
                let line = Int(match.1).flatMap({ PgbenchWorkload.line(ofCommand: $0, in: run) })
            {
                throw PostgresError(
                    "\(path):\(line): \(reason[match.range.upperBound...]) (on the default configuration)")
            }
            throw PostgresError(
                "\(path): the script fails on the default configuration: "
                    + reason.replacingOccurrences(
                        of: #"[^ "]*script\.pgbench"#, with: path, options: .regularExpression))
        }
        return true
    }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> TuningKit.Measurement {
        if interruption.requested { return .failure(Measurement.interruptedReason) }
        try prepare()
        return try measure(configuration, workload: workload, warmup: options.warmup, repetitions: options.repetitions)
    }

    public func interrupt() { interruption.request() }

    /// Where the server and pgbench run with `cpuAffinity`: the first half of the machine's cores and the
    /// rest (`taskset` lists); nil without it, or on one core.
    private var placement: (server: String, client: String)? {
        guard options.cpuAffinity, machine.cores >= 2 else { return nil }
        let half = machine.cores / 2
        func list(_ range: Range<Int>) -> String {
            range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound - 1)"
        }
        return (list(0..<half), list(half..<machine.cores))
    }

    /// Writes back dirty pages and empties the page cache, dentries and inodes (root only).
    static func dropCaches() throws {
        sync()
        guard let handle = FileHandle(forWritingAtPath: "/proc/sys/vm/drop_caches") else {
            throw PostgresError(
                "drop_caches needs root: cannot open /proc/sys/vm/drop_caches for writing (run as root, or leave "
                    + "drop_caches out)")
        }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("3\n".utf8)) } catch {
            throw PostgresError("cannot drop the page cache: \(PlainError.reason(error))")
        }
    }

    /// The run's best measurement so far, for early abort.
    private var incumbent: TuningKit.Measurement?

    public func observeIncumbent(_ incumbent: TuningKit.Measurement?) { self.incumbent = incumbent }

    /// The early-abort rule of a timed run, when early abort is on, the incumbent has figures, and runs are
    /// timed (not a number of transactions).
    private var abortRule: PgbenchAbort? {
        guard options.earlyAbort, workload.transactions == nil, let incumbent else { return nil }
        return PgbenchAbort(duration: workload.duration, incumbent: incumbent, target: options.target)
    }

    /// One evaluation: a fresh copy, a server, the warm-up and the timed runs. A failure that a stop signal
    /// explains (Ctrl-C, a scheduler's scancel, which reaches pgbench and the server too) is an interruption,
    /// which the runner does not record, rather than a failed trial.
    private func measure(_ configuration: Configuration, workload: PgbenchWorkload, warmup: Int, repetitions: Int)
        throws -> TuningKit.Measurement
    {
        let measurement = try measureOnce(configuration, workload: workload, warmup: warmup, repetitions: repetitions)
        if measurement.failed, !measurement.interrupted, interruption.comes(within: 0.5) {
            return .failure(Measurement.interruptedReason)
        }
        return measurement
    }

    private func measureOnce(
        _ configuration: Configuration, workload: PgbenchWorkload, warmup: Int, repetitions: Int
    ) throws -> TuningKit.Measurement {
        guard let (installation, store, pristine) = prepared else { throw PostgresError("not prepared") }
        if interruption.requested { return .failure(Measurement.interruptedReason) }
        let trial = try store.newTrial(from: pristine)
        defer { trial.remove() }
        let server = PostgresServer(trial: trial, installation: installation)
        defer { server.stop() }
        let settings = zip(space.knobs, configuration.values).map { ($0.name, $1.description) }
        let privateSettings = PostgresServer.privateSettings(
            socketFolder: trial.socketFolder, clients: workload.clients)
        if options.dropCaches { try Self.dropCaches() }
        if let reason = try server.start(
            privateSettings + settings, timeout: options.startTimeout, interruption: interruption,
            cpus: placement?.server)
        {
            return .failure(reason)
        }
        // From here on a problem of the server (it crashed, psql cannot reach it) fails the trial, not the run.
        do {
            return try run(workload, settings: settings, on: server, warmup: warmup, repetitions: repetitions)
        } catch let error as PostgresError {
            let logged = PostgresServer.problems(inLog: trial.serverLog)
            return .failure(error.description + (logged.isEmpty ? "" : "; server: \(logged)"))
        }
    }

    /// The settings check, the warm-up and the timed runs on a started server.
    private func run(
        _ workload: PgbenchWorkload, settings: [(String, String)], on server: PostgresServer, warmup: Int,
        repetitions: Int
    ) throws -> TuningKit.Measurement {
        let trial = server.trial
        // A special value (wal_buffers = -1: auto) shows as what it stands for, so it is not compared.
        let checked = zip(space.knobs, settings).filter { knob, setting in
            !knob.specialValues.contains { $0.value.description == setting.1 }
        }.map(\.1)
        if let mismatch = try SettingsCheck.mismatch(checked, on: server) { return .failure(mismatch) }
        if case .custom(_, _, let run) = workload.script {
            do { try run.write(to: trial.script, atomically: false, encoding: .utf8) } catch {
                throw PostgresError("cannot write \(trial.script.path): \(PlainError.reason(error))")
            }
        }
        if warmup > 0 {
            let arguments = workload.arguments(scriptFile: trial.script, warmupSeconds: warmup)
            if case .failure(let failure) = try PgbenchRun.run(
                arguments, on: server, measured: false, timeout: options.timeout, interruption: interruption,
                cpus: placement?.client)
            {
                return .failure(failure.reason)
            }
        }
        var runs: [PgbenchRun] = [], busy = 0
        let abort = abortRule
        while runs.count < repetitions {
            switch try PgbenchRun.run(
                workload.arguments(scriptFile: trial.script), on: server, measured: true, timeout: options.timeout,
                interruption: interruption, abort: abort, cpus: placement?.client)
            {
            case .failure(let failure):
                return .failure(failure.reason)
            case .success(let run) where run.aborted:
                return PostgresMeasurement.summarize([run], busyRuns: busy, target: options.target)
            case .success(let run):
                if run.otherLoad > options.maxOtherLoad && busy < options.busyRetries {
                    busy += 1
                } else {
                    runs.append(run)
                }
            }
        }
        return PostgresMeasurement.summarize(runs, busyRuns: busy, target: options.target)
    }
}
