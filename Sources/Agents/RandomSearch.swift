import TuningKit

/// Random search (Bergstra and Bengio, 2012): configurations drawn independently of past results,
/// either uniformly in the unit cube or from one Latin hypercube spanning the whole budget.
///
/// The baseline every other agent must beat; with `latinHypercube`, each knob's range is covered evenly.
public final class RandomSearch: Agent {
    /// How points are drawn.
    public enum Sampling: String, Sendable, CaseIterable {
        /// Each coordinate uniform in [0, 1), independently.
        case uniform
        /// A Latin hypercube of `budget` points, proposed in a random order.
        case latinHypercube = "latin-hypercube"
    }

    private let space: KnobSpace
    private var generator: SeededGenerator
    private var pending: [[Double]]
    private let sampling: Sampling

    public init(space: KnobSpace, sampling: Sampling, budget: Int, seed: UInt64) {
        self.space = space
        self.sampling = sampling
        self.generator = SeededGenerator(seed: seed, stream: "random-search")
        self.pending =
            sampling == .latinHypercube
            ? LatinHypercube.sample(count: budget, dimension: space.dimension, using: &generator).reversed()
            : []
    }

    public func ask() throws -> Configuration {
        if let point = pending.popLast() { return space.decode(point) }
        return space.decode((0..<space.dimension).map { _ in generator.nextDouble() })
    }

    /// Random search ignores outcomes.
    public func tell(_ observation: Observation) throws {}

    public var decision: Decision? { Decision(family: sampling == .uniform ? .uniform : .latinHypercube) }
}
