import TuningKit
import XCTest

final class LatinHypercubeTests: XCTestCase {
    func testEachStratumHoldsOnePointPerDimension() {
        var g = SeededGenerator(seed: 5)
        let points = LatinHypercube.sample(count: 20, dimension: 6, using: &g)
        XCTAssertEqual(points.count, 20)
        for d in 0..<6 {
            let strata = points.map { Int($0[d] * 20) }.sorted()
            XCTAssertEqual(strata, Array(0..<20))
        }
    }
}
