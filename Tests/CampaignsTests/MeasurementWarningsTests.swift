import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Results

/// What `satune run` and the report warn of in a campaign's measurements.
final class MeasurementWarningsTests: XCTestCase {
    func testAFailedDefaultIsReportedWithItsReason() throws {
        let scratch = Scratch()
        let results = try runCampaign(smallManifest(output: scratch.path("a"), budget: 3, seeds: "2")).results
        XCTAssertEqual(MeasurementWarnings.lines(results), [], "nothing to say of a healthy campaign")
        var trials = results.trials
        let first = try XCTUnwrap(trials.firstIndex { $0.step == 0 })
        trials[first].failureReason = "the server did not start"
        let broken = try CampaignResults(info: results.info, trials: trials, remeasured: [], files: ("t", "r"))
        let lines = MeasurementWarnings.lines(broken)
        XCTAssertEqual(lines.count, 1, "\(lines)")
        // 4 runs of the environment: 2 agents x 2 seeds.
        XCTAssertTrue(lines[0].contains("failed in 1 of 4 runs (the server did not start)"), lines[0])
        XCTAssertTrue(lines[0].hasPrefix(trials[first].environment), lines[0])
    }
}
