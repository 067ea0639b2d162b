import Foundation
import Optimization
import TuningKit

/// What a calibration records about the system it samples, beyond its measurements.
public struct CalibrationSource: Sendable {
    /// "sqlite" or "postgres" (`SurrogateModel.system`).
    public var system: String
    public var safeOnly = false
    /// The metric that holds the coefficient of variation of one measurement's repeated timed runs, and
    /// their count, when the objective's noise should be judged from it (wall time on SQLite).
    public var spreadMetric: String?
    public var repetitions = 1
    /// For PostgreSQL, the machine its knob ranges were scaled to.
    public var machineMemoryBytes: Double?
    public var machineCores: Int?
    /// Database version, measurement settings: recorded with the host and the date.
    public var provenance: [String: String] = [:]

    public init(system: String) { self.system = system }
}

/// `satune calibrate`: samples a workload's configurations on a real database and fits a surrogate.
public enum Calibration {
    /// The calibration stopped because an evaluation was interrupted (Ctrl-C); nothing was fitted.
    public struct Interrupted: Error, CustomStringConvertible {
        public var description: String { "calibration interrupted; nothing was written" }
    }

    /// Measures the defaults and `samples` Latin-hypercube configurations of `environment`'s space
    /// (seeded), fits the surrogate, and returns it. `progress` sees each measurement as it completes.
    public static func run(
        _ environment: any Environment, workload: String, source: CalibrationSource, samples: Int, seed: UInt64,
        progress: (Int, Configuration, TuningKit.Measurement) -> Void
    ) throws -> SurrogateModel {
        let space = environment.space
        var generator = SeededGenerator(seed: seed, stream: "calibration")
        let design = LatinHypercube.sample(count: samples, dimension: space.dimension, using: &generator)
        let defaults = try environment.evaluate(environment.defaultConfiguration, trial: 0)
        if defaults.interrupted { throw Interrupted() }
        progress(0, environment.defaultConfiguration, defaults)
        guard let defaultObjective = defaults.objective else {
            throw SurrogateError("the defaults failed: \(defaults.failureReason ?? "")")
        }
        var points = [space.encode(environment.defaultConfiguration)], values = [defaultObjective],
            failed: [[Double]] = []
        // Run-to-run noise of one measurement (a median of the timed runs), from each sample's spread.
        let spreadIndex = source.spreadMetric.flatMap { environment.metricNames.firstIndex(of: $0) }
        var spreads = spreadIndex.map { [defaults.metrics[$0]] } ?? []
        for (i, point) in design.enumerated() {
            let configuration = space.decode(point)
            let measurement = try environment.evaluate(configuration, trial: i + 1)
            if measurement.interrupted { throw Interrupted() }
            progress(i + 1, configuration, measurement)
            // The configuration's own encoding: the centre of each discrete value's slice.
            if let value = measurement.objective, value > 0 {
                points.append(space.encode(configuration))
                values.append(value)
                if let spreadIndex { spreads.append(measurement.metrics[spreadIndex]) }
            } else {
                failed.append(space.encode(configuration))
            }
        }
        let fit = try SurrogateModel.fit(points: points, values: values, seed: seed)
        // The GP's noise term absorbs only what the kernel cannot explain; the runs' own spread is the better
        // estimate of how noisy one measurement is (standard error of the median of n ~ 1.25 sd / sqrt(n)).
        let measured = (Statistics.median(spreads) ?? 0) * 1.25 / Double(max(source.repetitions, 1)).squareRoot()
        let objective = environment.objective
        var provenance = source.provenance
        provenance["host"] = ProcessInfo.processInfo.hostName
        provenance["date"] = ISO8601DateFormatter().string(from: Date())
        provenance["seed"] = String(seed)
        return SurrogateModel(
            workload: workload, system: source.system == "sqlite" ? nil : source.system, knobs: space.names,
            safeOnly: source.safeOnly, machineMemoryBytes: source.machineMemoryBytes, machineCores: source.machineCores,
            objectiveName: objective.name, objectiveUnit: objective.unit,
            objectiveDirection: objective.direction,
            points: points, values: values, failedPoints: failed, defaultObjective: defaultObjective,
            hyperparameters: fit.hyperparameters, crossValidationError: fit.cvError,
            noiseCV: spreadIndex == nil ? fit.noiseCV : max(fit.noiseCV, measured), provenance: provenance)
    }
}
