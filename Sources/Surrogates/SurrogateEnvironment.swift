import Foundation
import Optimization
import TuningKit

/// A simulated database whose response surface is a `SurrogateModel` learned from the real one.
///
/// An evaluation predicts the objective at the configuration (the GP's mean, back from log scale) and,
/// with `noise`, multiplies it by log-normal noise of the coefficient of variation the GP measured. The
/// optimum of the predicted surface is searched once per model and process, so regret can be computed.
public final class SurrogateEnvironment: Environment {
    public let model: SurrogateModel
    public let space: KnobSpace
    public let objective: Objective
    public let metricNames: [String] = []
    public let reference: ReferenceSurface?
    private let gp: GaussianProcess
    private let noise: Bool
    /// The seed of the noise stream; trial t's noise comes from `SeededGenerator(seed: noiseSeed, index: t)`.
    private let noiseSeed: UInt64

    /// The surface of `model` over `space`, the knob space it was sampled in (rebuilt by the caller from
    /// `model.system` and `model.knobs`).
    public init(model: SurrogateModel, space: KnobSpace, noise: Bool = true, seed: UInt64) throws {
        self.model = model
        self.space = space
        guard space.names == model.knobs else {
            throw SurrogateError("the surrogate's knobs are not in its system's knob order")
        }
        objective = Objective(
            name: model.objectiveName, unit: model.objectiveUnit,
            direction: model.objectiveDirection)
        gp = try model.process()
        self.noise = noise
        noiseSeed = SeededGenerator.derive(seed, "surrogate-noise")
        let (gp, space, objective) = (gp, space, objective)
        let predict: @Sendable (Configuration) -> Double? = { Self.predict(gp, space.encode($0)) }
        let optimum = OptimumSearch.minimize(space: space, seed: 1, samples: 5000, starts: 4) {
            predict($0).map(objective.cost)
        }
        reference = ReferenceSurface(optimum: objective.cost(optimum.cost), noiseFreeObjective: predict)
    }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> TuningKit.Measurement {
        let mean = Self.predict(gp, space.encode(configuration))!
        guard noise else { return TuningKit.Measurement(objective: mean) }
        let sigma = log1p(model.noiseCV)
        var generator = SeededGenerator(seed: noiseSeed, index: trial)
        return TuningKit.Measurement(objective: mean * exp(sigma * generator.nextGaussian() - sigma * sigma / 2))
    }

    /// The GP mean at a point, on the objective's own scale.
    static func predict(_ gp: GaussianProcess, _ point: [Double]) -> Double? {
        let standardized = gp.predict([point]).mean[0]
        return exp(standardized * gp.outputScale + gp.outputMean)
    }
}
