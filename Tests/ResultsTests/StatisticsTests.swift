import TuningKit
import XCTest

@testable import Results

final class StatisticsTests: XCTestCase {
    /// scipy.stats.wilcoxon's documented example (Fisher's paired differences of cross- and self-fertilized
    /// Zea mays heights): W = 24, two-sided exact p = 0.041259765625.
    func testWilcoxonExactMatchesScipysDocumentedExample() throws {
        let d: [Double] = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
        let result = try XCTUnwrap(WilcoxonSignedRank.test(d))
        XCTAssertTrue(result.exact)
        XCTAssertEqual(result.n, 15)
        XCTAssertEqual(min(result.statistic, 120 - result.statistic), 24)
        XCTAssertEqual(result.p, 0.041259765625, accuracy: 1e-15)
        XCTAssertEqual(WilcoxonSignedRank.test(d.map { -$0 })!.p, result.p, "two-sided: symmetric in the sign")
    }

    /// Published critical values (two-sided alpha 0.05): n = 10 -> 8, n = 20 -> 52. T at the critical value is
    /// significant, one above is not.
    func testWilcoxonExactAgreesWithTheCriticalValueTable() {
        for (n, critical) in [(10, 8), (20, 52)] {
            XCTAssertLessThanOrEqual(WilcoxonSignedRank.exactP(n: n, statistic: critical), 0.05, "n = \(n)")
            XCTAssertGreaterThan(WilcoxonSignedRank.exactP(n: n, statistic: critical + 1), 0.05, "n = \(n)")
        }
        XCTAssertEqual(WilcoxonSignedRank.exactP(n: 10, statistic: 8), 50.0 / 1024, accuracy: 1e-15)
        XCTAssertEqual(WilcoxonSignedRank.exactP(n: 5, statistic: 0), 2.0 / 32, accuracy: 1e-15)
    }

    /// Ties, zeros and n > 25 take the normal approximation with the tie correction, as scipy's method='approx'.
    func testWilcoxonApproximationMatchesScipy() throws {
        let ties: [Double] = [1.5, -2, 3, 3, -3, 4.5, 6, -1, 2, 2, 7, 8]
        let a = try XCTUnwrap(WilcoxonSignedRank.test(ties))
        XCTAssertFalse(a.exact)
        XCTAssertEqual(a.p, 0.03361987163217471, accuracy: 1e-12)
        let zero: [Double] = [0.5, 1.2, -0.3, 2.2, 0, 1.1, 0.9, -1.4, 3.3, 2.8, 0.7]
        let b = try XCTUnwrap(WilcoxonSignedRank.test(zero))
        XCTAssertEqual(b.n, 10, "the zero difference is dropped")
        XCTAssertEqual(b.p, 0.04685328478814715, accuracy: 1e-12)
        let many: [Double] = [
            0.645584, 1.121618, 0.630437, -1.003157, 1.205356, 0.746375, -0.236953, 0.881118, 0.664572, 0.594132,
            0.328422,
            0.846713, -0.436454, 0.13709, -0.182119, 0.898846, 0.339722, 0.007543, -0.481908, 0.042808, 0.308142,
            0.024397,
            1.594064, 1.306724, -2.411162, -1.589013, 0.125228, -0.12219, 0.513643, 0.517322,
        ]
        let c = try XCTUnwrap(WilcoxonSignedRank.test(many))
        XCTAssertFalse(c.exact, "n = 30 > 25")
        XCTAssertEqual(c.p, 0.028485956184747342, accuracy: 1e-12)
        XCTAssertEqual(WilcoxonSignedRank.test([0, 0, 0])?.p, 1)
        XCTAssertNil(WilcoxonSignedRank.test([]))
    }

    func testBootstrapIntervalOfTheMedianIsDeterministicAndSized() throws {
        var generator = SeededGenerator(seed: 3)
        let values = (0..<200).map { _ in generator.nextGaussian() }
        let a = try XCTUnwrap(Bootstrap.medianInterval(values, resamples: 2000, label: "x"))
        let b = try XCTUnwrap(Bootstrap.medianInterval(values, resamples: 2000, label: "x"))
        XCTAssertEqual(a.low, b.low)
        XCTAssertEqual(a.high, b.high)
        let median = Statistics.median(values)!
        XCTAssertLessThan(a.low, median)
        XCTAssertGreaterThan(a.high, median)
        // The median's standard error is about 1.2533 / sqrt(n) for a standard normal: a width near 2 x 1.96 x 0.0886.
        XCTAssertEqual(a.high - a.low, 0.347, accuracy: 0.12)
        XCTAssertEqual(Bootstrap.medianInterval([4], label: "x")!.low, 4)
        XCTAssertNil(Bootstrap.medianInterval([], label: "x"))
    }

    /// Over many samples, the 95% interval covers the true median about 95% of the time.
    func testBootstrapIntervalCoversTheTrueMedian() {
        var generator = SeededGenerator(seed: 11)
        var covered = 0
        let samples = 150
        for i in 0..<samples {
            let values = (0..<21).map { _ in generator.nextGaussian() }
            let interval = Bootstrap.medianInterval(values, resamples: 600, label: "coverage \(i)")!
            if interval.low <= 0 && 0 <= interval.high { covered += 1 }
        }
        XCTAssertGreaterThan(Double(covered) / Double(samples), 0.88)
        XCTAssertLessThanOrEqual(Double(covered) / Double(samples), 1)
    }

    func testStatisticsMomentsAndQuantiles() {
        XCTAssertEqual(Statistics.quantile([1, 2, 3, 4], 0.25), 1.75)  // type 7, as NumPy
        XCTAssertEqual(Statistics.median([5, 1, 3]), 3)
        XCTAssertEqual(Statistics.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])!, 2.138089935, accuracy: 1e-9)
        XCTAssertEqual(Statistics.coefficientOfVariation([9, 11])!, 0.1414213562, accuracy: 1e-9)
        XCTAssertNil(Statistics.standardDeviation([1]))
        XCTAssertEqual(SummaryRow.censoredMedian([3, nil, 5]), 5)
        XCTAssertNil(SummaryRow.censoredMedian([3, nil, nil]))
    }
}
