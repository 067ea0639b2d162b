/// Space-filling designs in the unit cube.
public enum LatinHypercube {
    /// `count` points in [0, 1]^dimension such that, in every coordinate, each of the `count` equal
    /// strata holds exactly one point (McKay, Beckman and Conover, 1979); the position within a stratum
    /// is uniform. Every random choice comes from `generator`.
    public static func sample(count: Int, dimension: Int, using generator: inout SeededGenerator) -> [[Double]] {
        guard count > 0 else { return [] }
        var points = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        var strata = Array(0..<count)
        for d in 0..<dimension {
            generator.shuffle(&strata)
            for i in 0..<count {
                points[i][d] = (Double(strata[i]) + generator.nextDouble()) / Double(count)
            }
        }
        return points
    }
}
