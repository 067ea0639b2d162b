#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TuningKit

/// A first, deliberately simple stand-in for a database: the mean query latency as a product of
/// independent convex bowls in the log of four PostgreSQL memory and checkpoint knobs.
///
///     latency(x) = base * prod_i (1 + a_i * (log x_i - log x_i*)^2)        [ms]
///
/// Every factor is at least 1 and equals 1 at x_i = x_i*, so the optimum is exactly `base`, reached at
/// `optimalConfiguration`. Measurements carry multiplicative log-normal noise with coefficient of
/// variation `noise`, drawn from the run's seed. The simulator issue replaces this with a model
/// of real mechanisms; this surface is what the walking skeleton runs on.
public final class QuadraticSurface: Environment {
    public let space: KnobSpace
    public let objective = Objective(name: "latency", unit: "ms", direction: .minimize)
    public let metricNames = ["buffer_hit_ratio", "temp_mb_per_query", "checkpoints_per_minute"]
    /// Coefficient of variation of the multiplicative measurement noise.
    public let noise: Double
    /// Latency at the optimum, in milliseconds.
    public static let base = 2.0
    private var generator: SeededGenerator

    /// (knob, optimal value, curvature a_i).
    private static let bowls: [(knob: Knob, optimum: Int, curvature: Double)] = [
        (Knob(name: "shared_buffers", domain: .integer(16...16384), defaultValue: .integer(128), unit: "MB",
              logScale: true, summary: "memory for the shared buffer cache"), 4096, 0.060),
        (Knob(name: "work_mem", domain: .integer(1...2048), defaultValue: .integer(4), unit: "MB",
              logScale: true, summary: "memory per sort or hash operation before spilling to disk"), 64, 0.040),
        (Knob(name: "max_wal_size", domain: .integer(32...16384), defaultValue: .integer(1024), unit: "MB",
              logScale: true, summary: "WAL size that triggers a checkpoint"), 4096, 0.030),
        (Knob(name: "effective_cache_size", domain: .integer(64...65536), defaultValue: .integer(4096), unit: "MB",
              logScale: true, summary: "planner's assumption of the OS cache size"), 12288, 0.010),
    ]

    public init(noise: Double, seed: UInt64) {
        self.space = KnobSpace(Self.bowls.map(\.knob))
        self.noise = noise
        self.generator = SeededGenerator(seed: seed, stream: "quadratic-surface-noise")
    }

    /// The configuration at which the latency is exactly `base`.
    public var optimalConfiguration: Configuration { Configuration(Self.bowls.map { .integer($0.optimum) }) }

    /// The noise-free mean latency in milliseconds.
    public static func latency(_ configuration: Configuration) -> Double {
        var value = base
        for (bowl, knobValue) in zip(bowls, configuration.values) {
            let distance = log(knobValue.number!) - log(Double(bowl.optimum))
            value *= 1 + bowl.curvature * distance * distance
        }
        return value
    }

    public func evaluate(_ configuration: Configuration) throws -> Measurement {
        let trueLatency = Self.latency(configuration)
        // Log-normal noise with mean 1 and coefficient of variation `noise`: sigma^2 = log(1 + cv^2).
        let sigma = sqrt(log(1 + noise * noise))
        let measured = trueLatency * exp(sigma * generator.nextGaussian() - sigma * sigma / 2)
        let sharedBuffers = configuration.values[0].number!, workMem = configuration.values[1].number!
        let maxWal = configuration.values[2].number!
        let metrics = [
            1 - 0.5 * exp(-sharedBuffers / 2048),          // hit ratio rises with the buffer cache
            max(0, 64 - workMem) * 0.25,                   // sorts spill when work_mem < 64 MB
            60 / max(1, maxWal / 64),                       // checkpoints come more often with a small WAL
        ]
        return Measurement(
            objective: measured, throughput: 1000 / measured * 8, latencyMean: measured,
            latencyP50: measured * 0.8, latencyP95: measured * 2.1, latencyP99: measured * 3.4, metrics: metrics)
    }

    public var reference: ReferenceSurface? {
        ReferenceSurface(optimum: Self.base, noiseFreeObjective: { Self.latency($0) })
    }
}
