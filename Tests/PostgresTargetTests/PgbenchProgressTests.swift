import TuningKit
import XCTest

@testable import PostgresTarget

/// pgbench's progress reports are read as they come, and a timed run is stopped only when the interval of its
/// running figures lies wholly past the incumbent's bound, a quarter of the way in.
final class PgbenchProgressTests: XCTestCase {
    private let reports = """
        pgbench (15.8 (Debian 15.8-0+deb12u1))
        progress: 1.0 s, 400.0 tps, lat 9.900 ms stddev 2.000, 0 failed
        progress: 2.0 s, 420.0 tps, lat 9.500 ms stddev 1.800, 0 failed
        progress: 3.0 s, 410.0 tps, lat 9.700 ms stddev 1.900, 0 failed

        """

    func testReportsAreReadAndOtherLinesIgnored() {
        var progress = PgbenchProgress()
        progress.read(reports)
        XCTAssertEqual(progress.seconds, [1, 2, 3])
        XCTAssertEqual(progress.throughput, [400, 420, 410])
        XCTAssertEqual(progress.meanThroughput!, 410, accuracy: 1e-9)
        XCTAssertEqual(progress.meanLatency!, (400 * 9.9 + 420 * 9.5 + 410 * 9.7) / 1230, accuracy: 1e-9)
    }

    func testARunIsStoppedOnlyWhenItsIntervalIsPastTheBound() throws {
        var progress = PgbenchProgress()
        progress.read(reports)
        let incumbent = Measurement(objective: 1000, throughput: 1000, latencyMean: 4)
        let rule = try XCTUnwrap(PgbenchAbort(duration: 8, incumbent: incumbent, target: .throughput))
        XCTAssertEqual(rule.after, 2)
        XCTAssertEqual(rule.minThroughput, 500)
        XCTAssertTrue(rule.hopeless(progress), "410 +- 11 tx/s is surely below 500")
        let close = try XCTUnwrap(
            PgbenchAbort(duration: 8, incumbent: Measurement(objective: 830, throughput: 830), target: .throughput))
        XCTAssertFalse(close.hopeless(progress), "the interval reaches 415: not surely below half of 830")
        let early = try XCTUnwrap(PgbenchAbort(duration: 20, incumbent: incumbent, target: .throughput))
        XCTAssertFalse(early.hopeless(progress), "3 s of 20 is not a quarter")
        let latency = try XCTUnwrap(PgbenchAbort(duration: 8, incumbent: incumbent, target: .latencyP99))
        XCTAssertEqual(latency.maxLatencyMs, 8)
        XCTAssertTrue(latency.hopeless(progress), "9.7 ms is above twice the incumbent's 4 ms")
        XCTAssertNil(PgbenchAbort(duration: 8, incumbent: Measurement(objective: 5), target: .throughput))
    }
}
