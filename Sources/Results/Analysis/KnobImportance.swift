import Foundation
import Optimization
import TuningKit

/// Which knobs mattered, learned from the trials a campaign collected on one environment: a Gaussian
/// process (Matern 5/2, one length scale per knob) fitted to the trials of every agent and seed, then
/// permutation importance on held-out trials (Breiman, Random Forests, 2001; Fisher, Rudin and Dominici,
/// JMLR 2019): shuffling a knob's column among the held-out trials raises the model's squared error by
/// a share of the held-out variance; the larger, the more the knob matters. The model's own held-out R^2
/// says how far to trust it. A response surface over the two most important knobs (the others at the
/// best trial's values) goes with it.
///
/// The objective is modelled as its cost (negated when maximized), on a log scale when every value is
/// positive; failed trials are left out. Every random choice is seeded from the environment's label, so
/// the report rebuilt from the same trials is the same.
public struct KnobImportance: Sendable {
    public struct Knob: Sendable {
        public let name: String
        /// The rise of held-out squared error when the knob is shuffled, over the held-out variance
        /// (median of the shuffles); near 0 for a knob that does not matter.
        public let importance: Double
    }

    /// The predicted objective over a grid of two knobs, in the objective's unit.
    public struct Surface: Sendable {
        public let x: KnobEncoding, y: KnobEncoding
        /// Grid positions in [0, 1] of each knob.
        public let xs: [Double], ys: [Double]
        /// values[j][i] at (xs[i], ys[j]).
        public let values: [[Double]]
        /// Where the best trial and the default configuration lie, in [0, 1]^2.
        public let best: (x: Double, y: Double)?
        public let defaultPoint: (x: Double, y: Double)?
    }

    public let environment: String
    /// Most important first.
    public let knobs: [Knob]
    public let heldOutR2: Double
    public let trainingTrials: Int, heldOutTrials: Int
    public let surface: Surface?

    /// At most this many trials train the model and as many are held out (the fit is cubic in them).
    public static let maximumTrials = 150
    static let shuffles = 5, gridSize = 25

    /// The analysis of `runs` (of one environment); nil with fewer than 20 successful trials or one knob.
    public init?(environment env: RunInfo.EnvironmentInfo, runs: [CampaignResults.Run]) {
        let objective = env.objective.objective
        let trials = runs.flatMap(\.trials).filter { !$0.failed && $0.objective != nil }
        guard env.knobs.count >= 2, trials.count >= 20 else { return nil }
        let positive = trials.allSatisfy { $0.objective! > 0 }
        func target(_ value: Double) -> Double { objective.cost(positive ? log(value) : value) }
        func value(_ target: Double) -> Double {
            let oriented = objective.cost(target)
            return positive ? exp(oriented) : oriented
        }
        let encodings = env.knobs.map { knob in
            KnobEncoding(name: knob.name, values: trials.compactMap { $0.knob(knob.name) }, logScale: knob.logScale)
        }
        // A trial's knobs as positions in [0, 1] (what is shuffled and charted), and as the model's features.
        func positions(_ trial: TrialRecord) -> [Double]? {
            let x = encodings.map { e in trial.knob(e.name).flatMap(e.encode) }
            return x.contains { $0 == nil } ? nil : x.map { $0! }
        }
        func features(_ positions: [Double]) -> [Double] {
            zip(encodings, positions).flatMap { $0.features($1) }
        }
        var generator = SeededGenerator(seed: 20_261_130, stream: "knob-importance:" + env.label)
        // A random sample of the trials, encoded (encoding all of a large campaign's would cost more than the fit).
        var order = Array(trials.indices)
        generator.shuffle(&order)
        var data: [([Double], Double)] = []
        for i in order where data.count < 2 * Self.maximumTrials {
            if let x = positions(trials[i]) { data.append((x, target(trials[i].objective!))) }
        }
        let nTrain = min(Self.maximumTrials, data.count / 2)
        let train = Array(data[..<nTrain])
        let test = Array(data[nTrain..<min(data.count, 2 * nTrain)])
        guard
            let gp = try? GaussianProcess.fit(
                inputs: train.map { features($0.0) }, outputs: train.map(\.1), restarts: 0, generator: &generator)
        else { return nil }
        func standardized(_ y: Double) -> Double { (y - gp.outputMean) / gp.outputScale }
        let yTest = test.map { standardized($0.1) }
        let meanTest = yTest.reduce(0, +) / Double(yTest.count)
        let variance = max(yTest.map { ($0 - meanTest) * ($0 - meanTest) }.reduce(0, +) / Double(yTest.count), 1e-12)
        func error(_ inputs: [[Double]]) -> Double {
            let predicted = gp.predictMean(inputs.map(features))
            return zip(predicted, yTest).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(yTest.count)
        }
        let baseError = error(test.map(\.0))
        var knobs: [Knob] = []
        for (j, encoding) in encodings.enumerated() {
            var rises: [Double] = []
            for _ in 0..<Self.shuffles {
                var column = test.map { $0.0[j] }
                generator.shuffle(&column)
                let shuffled = test.enumerated().map { i, row in
                    var x = row.0
                    x[j] = column[i]
                    return x
                }
                rises.append((error(shuffled) - baseError) / variance)
            }
            knobs.append(Knob(name: encoding.name, importance: Statistics.median(rises)!))
        }
        environment = env.label
        self.knobs = knobs.enumerated().sorted {
            ($0.element.importance, -$0.offset) > ($1.element.importance, -$1.offset)
        }
        .map(\.element)
        heldOutR2 = 1 - baseError / variance
        trainingTrials = train.count
        heldOutTrials = test.count

        // The surface over the two most important knobs, the others at the best trial's values.
        let top = self.knobs.prefix(2).compactMap { k in encodings.firstIndex { $0.name == k.name } }
        let bestTrial = trials.min { target($0.objective!) < target($1.objective!) }
        guard top.count == 2, let bestTrial, let anchor = positions(bestTrial) else {
            surface = nil
            return
        }
        let (ix, iy) = (top[0], top[1])
        func grid(_ e: KnobEncoding) -> [Double] {
            let n = e.isDiscrete ? e.categories!.count : Self.gridSize
            return n == 1 ? [0.5] : (0..<n).map { Double($0) / Double(n - 1) }
        }
        let xs = grid(encodings[ix]), ys = grid(encodings[iy])
        let inputs = ys.flatMap { y in
            xs.map { x in
                var p = anchor
                (p[ix], p[iy]) = (x, y)
                return p
            }
        }
        let predicted = gp.predictMean(inputs.map(features)).map { value($0 * gp.outputScale + gp.outputMean) }
        let defaults = env.knobs.map(\.defaultValue)
        surface = Surface(
            x: encodings[ix], y: encodings[iy], xs: xs, ys: ys,
            values: ys.indices.map { j in Array(predicted[(j * xs.count)..<((j + 1) * xs.count)]) },
            best: (anchor[ix], anchor[iy]),
            defaultPoint: encodings[ix].encode(defaults[ix]).flatMap { x in
                encodings[iy].encode(defaults[iy]).map { (x, $0) }
            })
    }
}
