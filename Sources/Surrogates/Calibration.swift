import Foundation
import Optimization
import SQLiteReplayer
import TuningKit

/// `satune calibrate`: samples a workload's configurations on the real replayer and fits a surrogate.
public enum Calibration {
    /// Measures the defaults and `samples` Latin-hypercube configurations of `environment`'s space
    /// (seeded), fits the surrogate, and returns it. `progress` sees each measurement as it completes.
    public static func run(
        _ environment: SQLiteEnvironment, workload: String, samples: Int, seed: UInt64,
        progress: (Int, Configuration, TuningKit.Measurement) -> Void
    ) throws -> SurrogateModel {
        let space = environment.space
        var generator = SeededGenerator(seed: seed, stream: "calibration")
        let design = LatinHypercube.sample(count: samples, dimension: space.dimension, using: &generator)
        let defaults = try environment.evaluate(environment.defaultConfiguration, trial: 0)
        progress(0, environment.defaultConfiguration, defaults)
        guard let defaultObjective = defaults.objective else {
            throw SurrogateError("the defaults failed: \(defaults.failureReason ?? "")")
        }
        var points = [space.encode(environment.defaultConfiguration)], values = [defaultObjective],
            failed: [[Double]] = []
        // Run-to-run noise of one measurement (a median of the timed replays), from each sample's spread.
        let cvIndex = environment.metricNames.firstIndex(of: "wall_time_cv")!
        var spreads = [defaults.metrics[cvIndex]]
        for (i, point) in design.enumerated() {
            let configuration = space.decode(point)
            let measurement = try environment.evaluate(configuration, trial: i + 1)
            progress(i + 1, configuration, measurement)
            // The configuration's own encoding: the centre of each discrete value's slice.
            if let value = measurement.objective, value > 0 {
                points.append(space.encode(configuration))
                values.append(value)
                spreads.append(measurement.metrics[cvIndex])
            } else {
                failed.append(space.encode(configuration))
            }
        }
        let fit = try SurrogateModel.fit(points: points, values: values, seed: seed)
        // The GP's noise term absorbs only what the kernel cannot explain; the replays' own spread is the
        // better estimate of how noisy one wall-time measurement is (standard error of the median of n ~ 1.25 sd /
        // sqrt(n)).
        let measured = Statistics.median(spreads)! * 1.25 / Double(environment.options.repetitions).squareRoot()
        let noiseCV = environment.options.target == .wallTime ? max(fit.noiseCV, measured) : fit.noiseCV
        let objective = environment.objective
        return SurrogateModel(
            workload: workload, knobs: space.names, safeOnly: environment.options.safeOnly,
            objectiveName: objective.name, objectiveUnit: objective.unit,
            objectiveDirection: objective.direction.rawValue,
            points: points, values: values, failedPoints: failed, defaultObjective: defaultObjective,
            hyperparameters: fit.hyperparameters, crossValidationError: fit.cvError, noiseCV: noiseCV,
            provenance: [
                "sqlite": SQLiteKnobs.libraryVersion, "host": ProcessInfo.processInfo.hostName,
                "date": ISO8601DateFormatter().string(from: Date()), "seed": String(seed),
                "warmup": String(environment.options.warmup), "repetitions": String(environment.options.repetitions),
            ])
    }
}
