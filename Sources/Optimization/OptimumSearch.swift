import Foundation
import TuningKit

/// Finds the noise-free optimum of a surface, once per surface and process.
///
/// Method: 20,000 uniform random configurations; then, from each of the 8 best, coordinate search:
/// for every knob in turn, try 33 evenly spaced positions of its unit interval (every choice of a
/// categorical or boolean), keep the best, then refine around it by halving steps down to 1/4096;
/// sweep the knobs until a sweep no longer improves by 1e-9 (relative). Deterministic (fixed seed).
/// The result is an upper bound on the true optimum; tests check that 1,000 random samples never beat it.
public enum OptimumSearch {
    public struct Result: Sendable {
        public let configuration: Configuration
        /// The cost (lower is better) at `configuration`.
        public let cost: Double

        public init(configuration: Configuration, cost: Double) {
            self.configuration = configuration
            self.cost = cost
        }
    }

    public static func minimize(
        space: KnobSpace, seed: UInt64, samples: Int = 20_000, starts: Int = 8, cost: (Configuration) -> Double?
    ) -> Result {
        var generator = SeededGenerator(seed: seed, stream: "optimum-search")
        func score(_ point: [Double]) -> Double { cost(space.decode(point)) ?? .infinity }
        var candidates: [(point: [Double], cost: Double)] = []
        for _ in 0..<samples {
            let point = (0..<space.dimension).map { _ in generator.nextDouble() }
            candidates.append((point, score(point)))
        }
        candidates.append((space.encode(space.defaultConfiguration), score(space.encode(space.defaultConfiguration))))
        candidates.sort { $0.cost < $1.cost }
        var best = candidates[0]
        for start in candidates.prefix(starts) {
            let local = coordinateSearch(from: start, score: score)
            if local.cost < best.cost { best = local }
        }
        return Result(configuration: space.decode(best.point), cost: best.cost)
    }

    static func coordinateSearch(from start: (point: [Double], cost: Double), score: ([Double]) -> Double) -> (
        point: [Double], cost: Double
    ) {
        var (point, cost) = start
        for _ in 0..<20 {
            let before = cost
            for d in point.indices {
                for step in 0...32 { improve(&point, &cost, d, Double(step) / 32, score) }
                var delta = 1.0 / 64
                while delta >= 1.0 / 4096 {
                    let center = point[d]
                    improve(&point, &cost, d, center - delta, score)
                    improve(&point, &cost, d, center + delta, score)
                    delta /= 2
                }
            }
            if !(cost < before - 1e-9 * abs(before)) { break }
        }
        return (point, cost)
    }

    /// Moves coordinate d to `value` if that lowers the cost.
    private static func improve(
        _ point: inout [Double], _ cost: inout Double, _ d: Int, _ value: Double, _ score: ([Double]) -> Double
    ) {
        let old = point[d]
        point[d] = min(max(value, 0), 1)
        let c = score(point)
        if c < cost { cost = c } else { point[d] = old }
    }

    // MARK: The per-process cache

    private static let results = ProcessCache<Result>()

    /// The cached result for `key`, computing it on first use.
    public static func cached(_ key: String, compute: () -> Result) -> Result {
        results.value(for: key, compute: compute)
    }
}
