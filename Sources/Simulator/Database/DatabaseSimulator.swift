import Optimization
import TuningKit

#if canImport(Glibc)
    import Glibc
#endif

/// A simulated PostgreSQL server running a workload on some hardware: the `simulator` environment.
///
/// It tunes the top `knobCount` knobs of `PostgresKnobs.all` (the rest stay at their defaults), measures
/// throughput (tx/s), latency (ms) and 38 internal metrics, adds multiplicative log-normal noise whose
/// coefficient of variation is `noise` when calm and grows near saturation, and fails configurations
/// whose memory does not fit. Its noise-free optimum is computed once per surface (`OptimumSearch`).
public final class DatabaseSimulator: Environment {
    /// What is optimized.
    public enum Target: String, Sendable, CaseIterable {
        case latencyP95 = "latency_p95", latencyMean = "latency_mean", latencyP99 = "latency_p99", throughput

        var objective: Objective {
            self == .throughput
                ? Objective(name: rawValue, unit: "tx/s", direction: .maximize)
                : Objective(name: rawValue, unit: "ms", direction: .minimize)
        }
    }

    public let workload: Workload
    public let hardware: Hardware
    public let target: Target
    public let space: KnobSpace
    public let objective: Objective
    public var metricNames: [String] { M.names }
    /// Coefficient of variation of the measurement noise in calm conditions.
    public let noise: Double
    private let surface: Surface
    /// The seed of the noise stream; trial t's noise comes from `SeededGenerator(seed: noiseSeed, index: t)`.
    private let noiseSeed: UInt64
    private var metricBuffer: [Double]

    public init(
        workload: Workload, hardware: Hardware, knobCount: Int, target: Target = .latencyP95, noise: Double = 0.03,
        seed: UInt64
    ) {
        precondition(
            (1...PostgresKnobs.all.count).contains(knobCount), "knobCount must be in 1...\(PostgresKnobs.all.count)")
        self.workload = workload
        self.hardware = hardware
        self.target = target
        self.space = KnobSpace(PostgresKnobs.top(knobCount))
        self.objective = target.objective
        self.noise = noise
        self.surface = Surface(model: ResponseModel(workload: workload, hardware: hardware), tuned: space)
        self.noiseSeed = SeededGenerator.derive(seed, "simulator-noise")
        self.metricBuffer = [Double](repeating: 0, count: M.names.count)
    }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> Measurement {
        var generator = SeededGenerator(seed: noiseSeed, index: trial)
        let outcome = metricBuffer.withUnsafeMutableBufferPointer { surface.outcome(configuration, metrics: $0) }
        if let failure = outcome.failure { return .failure(failure) }
        // Log-normal noise with mean 1: sigma^2 = log(1 + cv^2); the cv grows near saturation.
        let cv = noise * (1 + 1.5 * outcome.instability)
        let sigma = sqrt(log(1 + cv * cv))
        let factor = exp(sigma * generator.nextGaussian() - sigma * sigma / 2)
        let tail = exp(0.5 * sigma * generator.nextGaussian())  // the p99 is noisier still
        var metrics = metricBuffer
        for i in metrics.indices { metrics[i] *= 1 + noise * 0.5 * (generator.nextDouble() - 0.5) }
        for i in M.ratios { metrics[i] = min(max(metrics[i], 0), 1) }  // shares stay shares
        let measured = Outcome(
            throughput: outcome.throughput / factor, latencyMean: outcome.latencyMean * factor,
            latencyP50: outcome.latencyP50 * factor,
            latencyP95: outcome.latencyP95 * factor, latencyP99: outcome.latencyP99 * factor * tail)
        return Measurement(
            objective: measured.value(target), throughput: measured.throughput, latencyMean: measured.latencyMean,
            latencyP50: measured.latencyP50, latencyP95: measured.latencyP95, latencyP99: measured.latencyP99,
            metrics: metrics)
    }

    /// The objective without noise; nil where the configuration fails.
    public func noiseFreeObjective(_ configuration: Configuration) -> Double? {
        surface.objective(configuration, target)
    }

    public var reference: ReferenceSurface? {
        let surface = self.surface, target = self.target
        return ReferenceSurface(
            optimum: target.objective.cost(optimum.cost), noiseFreeObjective: { surface.objective($0, target) })
    }

    /// The best configuration found for this surface (computed on first use, then cached per process)
    /// and its cost (the objective, negated when maximized).
    public var optimum: OptimumSearch.Result {
        let surface = self.surface, target = self.target
        return OptimumSearch.cached("\(workload.name)|\(hardware.name)|\(space.dimension)|\(target.rawValue)") {
            OptimumSearch.minimize(space: surface.tuned, seed: 20_260_101) {
                surface.objective($0, target).map(target.objective.cost)
            }
        }
    }
}

/// A noise-free outcome's latency and throughput, and the objective it gives.
struct Outcome {
    let throughput: Double, latencyMean: Double, latencyP50: Double, latencyP95: Double, latencyP99: Double
    func value(_ target: DatabaseSimulator.Target) -> Double {
        switch target {
        case .latencyP95: latencyP95
        case .latencyMean: latencyMean
        case .latencyP99: latencyP99
        case .throughput: throughput
        }
    }
}

/// The response surface over a tuned subset of the knobs: fills the untuned knobs with defaults and runs
/// the model. A value type with no mutable state, so it can score configurations from any thread.
struct Surface: Sendable {
    let model: ResponseModel
    let tuned: KnobSpace
    /// For each tuned knob, its position in `PostgresKnobs.all`.
    let positions: [Int]
    /// The numeric view of the full default configuration.
    let defaults: [Double]

    init(model: ResponseModel, tuned: KnobSpace) {
        self.model = model
        self.tuned = tuned
        let all = PostgresKnobs.all
        positions = tuned.knobs.map { knob in all.firstIndex { $0.name == knob.name }! }
        defaults = all.map { Surface.numeric($0.defaultValue, of: $0) }
    }

    /// Numbers as they are, booleans 0/1, categories as their index.
    static func numeric(_ value: KnobValue, of knob: Knob) -> Double {
        if case .categorical(let choice) = value, case .categorical(let choices) = knob.domain {
            return Double(choices.firstIndex(of: choice) ?? 0)
        }
        return value.number ?? 0
    }

    func outcome(_ configuration: Configuration, metrics: UnsafeMutableBufferPointer<Double>) -> ResponseModel.Outcome {
        var full = defaults
        for (i, position) in positions.enumerated() {
            full[position] = Surface.numeric(configuration.values[i], of: tuned.knobs[i])
        }
        return full.withUnsafeBufferPointer { model.evaluate(Settings($0), metrics: metrics) }
    }

    func objective(_ configuration: Configuration, _ target: DatabaseSimulator.Target) -> Double? {
        var scratch = [Double](repeating: 0, count: M.names.count)
        let o = scratch.withUnsafeMutableBufferPointer { outcome(configuration, metrics: $0) }
        guard o.failure == nil else { return nil }
        return Outcome(
            throughput: o.throughput, latencyMean: o.latencyMean, latencyP50: o.latencyP50,
            latencyP95: o.latencyP95, latencyP99: o.latencyP99
        ).value(target)
    }
}
