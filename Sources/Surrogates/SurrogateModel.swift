import Foundation
import Optimization
import TuningKit

/// A response surface learned from a real database: configurations sampled on the SQLite replayer or a real
/// PostgreSQL server, and a
/// Gaussian process fitted to their measured objective (the method of the VLDB'22 tuning benchmark,
/// Zhang et al., "Facilitating Database Tuning with Hyper-Parameter Optimization", which fits surrogates
/// to real measurements so that thousands of cheap trials can compare tuners on a realistic surface).
///
/// The GP models the logarithm of the objective (which is positive: seconds, milliseconds, tx/s), so its
/// noise is relative, as a database's is. Stored as JSON: the samples, the GP's hyperparameters, and the
/// cross-validated error of the fit, so anyone can judge how far to trust the surface.
public struct SurrogateModel: Codable, Sendable {
    /// What the file is: `SurrogateModel.formatMarker` (absent from models written before it was recorded).
    public var format: String? = SurrogateModel.formatMarker
    /// The first key of every model file satune writes, so that it never overwrites a file it did not write.
    public static let formatMarker = "satune surrogate model 1"
    /// The workload the samples were measured on.
    public var workload: String
    /// The database measured: "sqlite" (also when absent, as in models written before PostgreSQL) or "postgres".
    public var system: String?
    /// The knobs of the space, in the system's knob order, and whether unsafe values were left out.
    public var knobs: [String]
    public var safeOnly: Bool
    /// For PostgreSQL, the machine its knob ranges were scaled to (bytes of memory, cores).
    public var machineMemoryBytes: Double?
    public var machineCores: Int?
    /// The objective's name, unit and direction ("minimize" or "maximize").
    public var objectiveName: String, objectiveUnit: String
    public var objectiveDirection: Objective.Direction
    /// Sampled points of the unit cube that completed, and their measured objective values.
    public var points: [[Double]]
    public var values: [Double]
    /// Sampled points whose replay failed (kept for the record; the surface predicts the others).
    public var failedPoints: [[Double]]
    /// The defaults' measured objective.
    public var defaultObjective: Double
    /// GP hyperparameters (log length scales, log signal variance, log noise variance; standardized log scale).
    public var hyperparameters: [Double]
    /// Median absolute relative error of 5-fold cross-validated predictions of the objective.
    public var crossValidationError: Double
    /// The noise of one measurement as a coefficient of variation of the objective: the larger of the
    /// GP's noise term and, for wall time, the spread of the calibration's own repeated replays.
    public var noiseCV: Double
    /// Database version, machine and date of the samples.
    public var provenance: [String: String]

    /// The fitted GP over log objective values.
    func process() throws -> GaussianProcess {
        var generator = SeededGenerator(seed: 0)
        return try GaussianProcess.fit(
            inputs: points, outputs: values.map(log), start: hyperparameters, optimize: false, generator: &generator)
    }

    /// Fits a GP to samples: hyperparameters by maximum marginal likelihood, then 5-fold cross-validation.
    static func fit(points: [[Double]], values: [Double], seed: UInt64) throws -> (
        hyperparameters: [Double], cvError: Double, noiseCV: Double
    ) {
        var generator = SeededGenerator(seed: seed, stream: "surrogate-fit")
        let logs = values.map(log)
        let gp = try GaussianProcess.fit(inputs: points, outputs: logs, restarts: 3, generator: &generator)
        var errors: [Double] = []
        let folds = min(5, points.count)
        for fold in 0..<folds {
            let train = points.indices.filter { $0 % folds != fold },
                test = points.indices.filter { $0 % folds == fold }
            guard train.count >= 2, !test.isEmpty else { continue }
            let model = try GaussianProcess.fit(
                inputs: train.map { points[$0] }, outputs: train.map { logs[$0] },
                start: gp.hyperparameters, optimize: false, generator: &generator)
            let predicted = model.predict(test.map { points[$0] }).mean.map {
                exp($0 * model.outputScale + model.outputMean)
            }
            errors += zip(test, predicted).map { abs($1 - values[$0]) / values[$0] }
        }
        let noiseStd = exp(gp.hyperparameters[gp.dimension + 1] / 2) * gp.outputScale
        return (gp.hyperparameters, Statistics.median(errors)!, exp(noiseStd) - 1)
    }
}

/// A surrogate that cannot be built or used, and why.
public struct SurrogateError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
