import TuningKit
import XCTest

@testable import Manifests
@testable import Results

/// The same configurations on two environments, ranked against each other.
final class SurfaceComparisonTests: XCTestCase {
    func testASurfaceAgreesWithItselfAndDisagreesWithAnotherWorkload() throws {
        let parameters = ["workload": "oltp-write", "knobs": "8", "noise": "0"]
        let a = try Catalog.environment(type: "simulator", parameters: parameters)
        let same = try Catalog.environment(type: "simulator", parameters: parameters)
        let comparison = try SurfaceComparison.measure(a, same, samples: 12, seed: 3)
        XCTAssertEqual(comparison.rows.count, 13, "the defaults and the 12 samples")
        XCTAssertEqual(comparison.rows[0].configuration, a.defaultConfiguration)
        XCTAssertEqual(comparison.onlyFirstFailed + comparison.onlySecondFailed, 0)
        XCTAssertEqual(try XCTUnwrap(comparison.rankCorrelation), 1, accuracy: 1e-12)

        let other = try Catalog.environment(
            type: "simulator", parameters: ["workload": "olap", "knobs": "8", "noise": "0"])
        let mixed = try SurfaceComparison.measure(a, other, samples: 12, seed: 3)
        XCTAssertLessThan(try XCTUnwrap(mixed.rankCorrelation), 0.99, "another workload orders them otherwise")
    }

    func testKnobsTheSecondEnvironmentLacksAreRefused() throws {
        let simulator = try Catalog.environment(type: "simulator", parameters: ["knobs": "4"])
        let branin = try Catalog.environment(type: "branin")
        XCTAssertThrowsError(try SurfaceComparison.measure(simulator, branin, samples: 3, seed: 1)) {
            XCTAssertTrue("\($0)".hasPrefix("the second environment has no knob shared_buffers"), "\($0)")
        }
    }
}
