import TuningKit

/// Spearman's rank correlation (Spearman, 1904): Pearson's correlation of the ranks, ties given their
/// average rank. 1 when one quantity orders the trials as the other does, -1 when reversed; the report
/// uses it to say how well an agent's model orders configurations before they are measured.
public enum RankCorrelation {
    /// The correlation of paired values; nil for fewer than 3 pairs or a constant side.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "pairs needed")
        guard x.count >= 3 else { return nil }
        let (rx, ry) = (ranks(x), ranks(y))
        let (mx, my) = (Statistics.mean(rx)!, Statistics.mean(ry)!)
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for i in rx.indices {
            let (dx, dy) = (rx[i] - mx, ry[i] - my)
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = average }
            start = end + 1
        }
        return ranks
    }
}
