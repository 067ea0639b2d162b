import TuningKit

/// A real SQLite database running a workload: the environment a tuner meets in production.
///
/// Evaluating a configuration runs `warmup` replays (discarded) and then `repetitions` timed replays,
/// each on a fresh copy of the pristine database, and reports the median of each figure across the
/// timed replays, with the coefficient of variation of the wall time as metric `wall_time_cv`.
/// A timed replay during which other processes kept more than `maxOtherLoad` of the cores busy is
/// repeated (up to `busyRetries` times per evaluation; metric `busy_replays` counts them), since a busy
/// machine can slow a replay several-fold and change which knobs look best. A replay that fails (an SQLite error
/// under the configuration, or the timeout) fails the trial.
public final class SQLiteEnvironment: Environment {
    /// What is optimized.
    public enum Target: String, CaseIterable, Sendable {
        /// Median replay wall time, seconds, minimized.
        case wallTime = "wall_time"
        /// Median over replays of the 99th-percentile statement latency, milliseconds, minimized.
        case latencyP99 = "latency_p99"
        /// Median transactions per second, maximized.
        case throughput
    }

    /// How each configuration is measured.
    public struct Options: Sendable {
        public var warmup = 1
        public var repetitions = 3
        public var timeout = 60.0
        /// Seconds after which building the pristine database from `@setup` is stopped.
        public var setupTimeout = Replayer.defaultSetupTimeout
        public var target = Target.wallTime
        /// The knobs to tune (nil = all), in `SQLiteKnobs` order.
        public var knobs: [String]?
        /// Leave out values that give up crash safety.
        public var safeOnly = false
        /// Share of all cores (0 to 1) that other processes may use during a timed replay before it is repeated.
        public var maxOtherLoad = 0.25
        /// Extra replays an evaluation may spend repeating busy ones.
        public var busyRetries = 3
        /// Stop a timed replay early once a quarter of it is done and its projection is worse than half the
        /// incumbent's (twice its wall time, or half its throughput): it is recorded as aborted with that
        /// projection, which the agent is told. Not for the latency_p99 objective, which cannot be projected.
        public var earlyAbort = false
        /// Where a build of the pristine database that takes over a second says how far it has come (a command
        /// prints it on standard error); nil to say nothing.
        public var progress: (@Sendable (String) -> Void)?
        public init() {}

        /// The values each option accepts (replays; seconds), checked by the manifest and the command line alike.
        public static let warmupRange = 0...10
        public static let repetitionsRange = 1...50
        public static let timeoutRange = 0.001...86_400.0
        public static let setupTimeoutRange = 0.001...604_800.0
    }

    public let replayer: Replayer
    public let options: Options
    public let space: KnobSpace
    public let objective: Objective
    public let warnings: [String]
    public var metricNames: [String] { ReplayResult.metricNames + ["wall_time_cv", "busy_replays"] }
    /// The run's best measurement so far, for early abort.
    private var incumbent: Measurement?

    public func observeIncumbent(_ incumbent: Measurement?) { self.incumbent = incumbent }

    /// The bounds of early abort from the incumbent: half its quality.
    private var abortRule: EarlyAbort? {
        guard options.earlyAbort, let value = incumbent?.objective, value > 0 else { return nil }
        switch options.target {
        case .wallTime: return EarlyAbort(maxWallSeconds: value / 0.5)
        case .throughput: return EarlyAbort(minTransactionsPerSecond: value * 0.5)
        case .latencyP99: return nil
        }
    }

    /// Opens (builds and validates) the workload. A knob that the workload sets itself with a PRAGMA would
    /// have its tuned value overridden: such a knob is left out of the space with a warning, or, when
    /// `options.knobs` names it, the environment is refused.
    public init(workload path: String, options: Options = Options(), store: PristineStore = PristineStore()) throws {
        let all = try SQLiteKnobs.space(knobs: options.knobs, safeOnly: options.safeOnly)
        replayer = try Replayer(
            workload: path, store: store, timeout: options.timeout, setupTimeout: options.setupTimeout,
            progress: options.progress)
        let conflicts = SQLiteKnobs.setByWorkload(replayer.script).filter { all[$0.knob] != nil }
        if options.knobs != nil, !conflicts.isEmpty {
            throw WorkloadError(
                file: path,
                problems: conflicts.map {
                    .init(
                        line: $0.line,
                        message: Self.conflict($0.knob) + "; remove the statement or leave \($0.knob) out of the knobs")
                })
        }
        let dropped = Set(conflicts.map(\.knob))
        let kept = all.names.filter { !dropped.contains($0) }
        guard !kept.isEmpty, let space = all.subset(kept) else {
            throw WorkloadError(
                file: path, line: nil, "the workload sets every tuned knob itself; there is nothing left to tune")
        }
        self.space = space
        warnings =
            replayer.warnings
            + conflicts.map {
                "\(path):\($0.line): \(Self.conflict($0.knob)), so \($0.knob) is left out of the tuned knobs"
            }
        self.options = options
        objective =
            switch options.target {
            case .wallTime: Objective(name: "wall_time", unit: "s", direction: .minimize)
            case .latencyP99: Objective(name: "latency_p99", unit: "ms", direction: .minimize)
            case .throughput: Objective(name: "throughput", unit: "tx/s", direction: .maximize)
            }
    }

    /// Measures a configuration; `trial` is not used (a real database's noise is its own).
    public func evaluate(_ configuration: Configuration, trial: Int) throws -> Measurement {
        let values = SQLiteKnobs.completed(configuration, of: space)
        let tuned = Set(space.names)
        var runs: [ReplayResult] = [], busy = 0, replays = 0
        let abort = abortRule
        while runs.count < options.repetitions {
            replays += 1
            switch replayer.replay(values, verifying: tuned, abort: replays > options.warmup ? abort : nil) {
            case .failure(let failure):
                return .failure(failure.reason)
            case .success(let result) where result.aborted:
                var measurement = Self.summarize([result], target: options.target)
                measurement.metrics.append(Double(busy))
                measurement.aborted = true
                return measurement
            case .success(let result) where replays > options.warmup:
                if result.otherLoad > options.maxOtherLoad && busy < options.busyRetries {
                    busy += 1
                } else {
                    runs.append(result)
                }
            case .success:
                continue  // a warm-up replay
            }
        }
        var measurement = Self.summarize(runs, target: options.target)
        measurement.metrics.append(Double(busy))
        return measurement
    }

    public func interrupt() { replayer.interrupt() }

    /// "the workload sets PRAGMA threads itself, which would override the tuned value".
    static func conflict(_ knob: String) -> String {
        "the workload sets PRAGMA \(knob) itself, which would override the tuned value"
    }

    /// The median of each figure over the timed replays, and the wall time's coefficient of variation.
    static func summarize(_ runs: [ReplayResult], target: Target) -> Measurement {
        func median(_ figure: (ReplayResult) -> Double) -> Double { Statistics.median(runs.map(figure))! }
        let metrics = (0..<ReplayResult.metricNames.count).map { i in median { $0.metricValues[i] } }
        let throughput = median(\.transactionsPerSecond)
        let p99 = median(\.latencyP99Ms)
        let objective =
            switch target {
            case .wallTime: median(\.wallSeconds)
            case .latencyP99: p99
            case .throughput: throughput
            }
        return Measurement(
            objective: objective, throughput: throughput, latencyMean: median(\.latencyMeanMs),
            latencyP50: median(\.latencyP50Ms),
            latencyP95: median(\.latencyP95Ms), latencyP99: p99,
            metrics: metrics + [Statistics.coefficientOfVariation(runs.map(\.wallSeconds)) ?? 0])
    }
}
