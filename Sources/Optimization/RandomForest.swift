import TuningKit

/// A random forest regressor (Breiman 2001) as scikit-learn's `RandomForestRegressor` builds it with its
/// defaults, which the VLDB'22 tuning benchmark fits to measured configurations: 100 trees, each grown on a
/// bootstrap sample (n draws with replacement) with squared-error splits until every leaf is pure (its
/// outputs equal, or no split separates its inputs), every feature considered at each split; the prediction is
/// the mean of the trees'. Seeded: the same data, options and seed give the same forest.
///
/// Growing is O(n d) per level of a tree: each feature's order of the samples is sorted once, and a split
/// partitions every feature's order of the node stably into its two children (no sort per node). A split's
/// threshold is the midpoint between the two values it separates, as scikit-learn's.
public struct RandomForest: Sendable {
    public struct Options: Sendable, Equatable {
        public var trees = 100
        public var bootstrap = true
        /// Features considered at each split (nil: all of them).
        public var maxFeatures: Int?
        public init() {}
    }

    /// One node of a tree, 16 bytes: a split (`left` >= 0) sending `x[feature] <= threshold` to `left`, the
    /// rest to `left + 1` (children are stored side by side); or a leaf (`left` < 0) predicting `threshold`.
    /// (A prediction walks 100 trees of thousands of nodes: the smaller the node, the fewer cache misses.)
    struct Node: Sendable, Equatable {
        var threshold: Double
        var left: Int32
        var feature: Int32
    }

    /// Every tree's nodes in one array (a tree's children indices are within it), and where each tree's root is.
    let nodes: [Node]
    let roots: [Int]
    /// The number of features an input has.
    public let features: Int

    init(trees: [[Node]], features: Int) {
        var nodes: [Node] = [], roots: [Int] = []
        for tree in trees {
            let offset = Int32(nodes.count)
            roots.append(nodes.count)
            nodes += tree.map {
                $0.left >= 0 ? Node(threshold: $0.threshold, left: $0.left + offset, feature: $0.feature) : $0
            }
        }
        self.nodes = nodes
        self.roots = roots
        self.features = features
    }

    /// The forest's prediction at `x` (one value per feature).
    public func predict(_ x: [Double]) -> Double {
        var sum = 0.0
        walk(x) { sum += $0 }
        return sum / Double(roots.count)
    }

    /// Each tree's prediction at `x`.
    public func treePredictions(_ x: [Double]) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(roots.count)
        walk(x) { values.append($0) }
        return values
    }

    /// Calls `leaf` with each tree's prediction at `x`.
    @inline(__always)
    private func walk(_ x: [Double], _ leaf: (Double) -> Void) {
        nodes.withUnsafeBufferPointer { nodes in
            x.withUnsafeBufferPointer { x in
                for root in roots {
                    var node = nodes[root]
                    while node.left >= 0 {
                        node = nodes[Int(node.left) + (x[Int(node.feature)] <= node.threshold ? 0 : 1)]
                    }
                    leaf(node.threshold)
                }
            }
        }
    }

    /// Fits a forest to `inputs` (one row of features per sample) and `outputs`.
    public static func fit(inputs: [[Double]], outputs: [Double], options: Options = Options(), seed: UInt64)
        -> RandomForest
    {
        precondition(!inputs.isEmpty && inputs.count == outputs.count, "a forest needs samples, one output each")
        let d = inputs[0].count
        // Column-major features, and each feature's order of all samples, sorted once.
        let columns = (0..<d).map { f in inputs.map { $0[f] } }
        let sorted = columns.map { column in column.indices.sorted { column[$0] < column[$1] } }
        var generator = SeededGenerator(seed: seed, stream: "random-forest")
        var trees: [[Node]] = []
        trees.reserveCapacity(options.trees)
        for _ in 0..<options.trees {
            var weights = [Double](repeating: options.bootstrap ? 0 : 1, count: inputs.count)
            if options.bootstrap {
                for _ in inputs.indices { weights[generator.nextInt(below: inputs.count)] += 1 }
            }
            var grower = TreeGrower(
                columns: columns, sorted: sorted, outputs: outputs, weights: weights,
                maxFeatures: min(options.maxFeatures ?? d, d))
            trees.append(grower.grow(&generator))
        }
        return RandomForest(trees: trees, features: d)
    }
}

/// Grows one tree on weighted samples (a bootstrap sample's counts as weights).
private struct TreeGrower {
    let columns: [[Double]]
    let outputs: [Double]
    let weights: [Double]
    let maxFeatures: Int
    /// For each feature, the samples of weight > 0 in that feature's order; a node owns the same range of
    /// every feature's order.
    var order: [[Int]]
    /// Scratch for stable partitions, and the side of each sample in the node being split.
    var scratch: [Int]
    var goesLeft: [Bool]
    var nodes: [RandomForest.Node] = []

    init(columns: [[Double]], sorted: [[Int]], outputs: [Double], weights: [Double], maxFeatures: Int) {
        self.columns = columns
        self.outputs = outputs
        self.weights = weights
        self.maxFeatures = maxFeatures
        order = sorted.map { $0.filter { weights[$0] > 0 } }
        scratch = [Int](repeating: 0, count: order.first?.count ?? 0)
        goesLeft = [Bool](repeating: false, count: outputs.count)
    }

    mutating func grow(_ generator: inout SeededGenerator) -> [RandomForest.Node] {
        var pending: [(node: Int, start: Int, end: Int)] = []
        nodes.append(.init(threshold: 0, left: -1, feature: -1))
        pending.append((0, 0, order[0].count))
        var featureOrder = Array(columns.indices)
        while let (index, start, end) = pending.popLast() {
            let samples = order[0][start..<end]
            var weight = 0.0, sum = 0.0
            var pure = true
            let first = outputs[samples.first!]
            for i in samples {
                weight += weights[i]
                sum += weights[i] * outputs[i]
                if outputs[i] != first { pure = false }
            }
            nodes[index].threshold = sum / weight  // a leaf's value, until it splits
            guard !pure, end - start > 1, let split = bestSplit(start, end, weight, sum, &featureOrder, &generator)
            else { continue }
            let middle = partition(start, end, split.feature, split.threshold)
            let left = nodes.count, right = nodes.count + 1
            nodes.append(.init(threshold: 0, left: -1, feature: -1))
            nodes.append(.init(threshold: 0, left: -1, feature: -1))
            nodes[index] = .init(threshold: split.threshold, left: Int32(left), feature: Int32(split.feature))
            pending.append((right, middle, end))
            pending.append((left, start, middle))
        }
        return nodes
    }

    /// The split of samples `start..<end` that most lowers the weighted squared error: the largest
    /// sumL^2/wL + sumR^2/wR over the features considered (a random subset of `maxFeatures`, in random order)
    /// and the thresholds between distinct values, even one that lowers it by nothing (as scikit-learn, which
    /// splits an impure node whenever it can); nil when no feature separates the samples.
    private func bestSplit(
        _ start: Int, _ end: Int, _ weight: Double, _ sum: Double, _ featureOrder: inout [Int],
        _ generator: inout SeededGenerator
    ) -> (feature: Int, threshold: Double)? {
        featureOrder.shuffle(using: &generator)
        var best: (feature: Int, threshold: Double, score: Double)?
        for feature in featureOrder.prefix(maxFeatures) {
            let column = columns[feature]
            let ordered = order[feature]
            var leftWeight = 0.0, leftSum = 0.0
            for k in start..<(end - 1) {
                let i = ordered[k]
                leftWeight += weights[i]
                leftSum += weights[i] * outputs[i]
                let here = column[i], next = column[ordered[k + 1]]
                guard here < next else { continue }  // no threshold between equal values
                let rightWeight = weight - leftWeight, rightSum = sum - leftSum
                let score = leftSum * leftSum / leftWeight + rightSum * rightSum / rightWeight
                if score > (best?.score ?? -.infinity) {
                    var threshold = (here + next) / 2
                    if threshold >= next { threshold = here }  // midpoint rounded up to `next`
                    best = (feature, threshold, score)
                }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }

    /// Reorders every feature's order of `start..<end` stably, the samples with `feature <= threshold` first;
    /// returns where the right child's range starts.
    private mutating func partition(_ start: Int, _ end: Int, _ feature: Int, _ threshold: Double) -> Int {
        let column = columns[feature]
        var leftCount = 0
        for k in start..<end {
            let i = order[feature][k]
            goesLeft[i] = column[i] <= threshold
            if goesLeft[i] { leftCount += 1 }
        }
        for f in order.indices {
            var l = start, r = start + leftCount
            for k in start..<end {
                let i = order[f][k]
                if goesLeft[i] {
                    scratch[l] = i
                    l += 1
                } else {
                    scratch[r] = i
                    r += 1
                }
            }
            for k in start..<end { order[f][k] = scratch[k] }
        }
        return start + leftCount
    }
}
