import ArgumentParser
import XCTest

@testable import satune

/// The command line read in-process (no binary spawned): what the parser refuses exits with 64 and the
/// usage, what satune refuses with 1 and a message; negative numbers reach satune's own checks.
final class ArgumentTests: XCTestCase {
    private func exitCode(_ arguments: [String]) -> Int32? {
        do {
            var command = try Satune.parseAsRoot(arguments)
            try command.validate()
            return nil
        } catch {
            return Satune.exitCode(for: error).rawValue
        }
    }

    func testWhatTheParserCannotReadIs64AndWhatSatuneRefusesIs1() {
        XCTAssertEqual(exitCode(["run", "m.yaml", "--no-such-option"]), 64)
        XCTAssertEqual(exitCode(["status", "Results/x", "--format", "yaml"]), 64)
        XCTAssertEqual(exitCode(["run", "m.yaml", "--shard", "3/2"]), 64)
        XCTAssertEqual(
            exitCode(["run", "m.yaml", "--jobs", "-2"]), 1, "a negative value is a value, refused by satune")
        XCTAssertEqual(exitCode(["replay", "oltp", "--timeout", "-1"]), 1)
        XCTAssertEqual(exitCode(["try", "simulator", "--knob", "a=1", "--knob", "a=2"]), 1)
        XCTAssertNil(exitCode(["run", "m.yaml", "--jobs", "2", "--shard", "1/2"]))
        XCTAssertNil(exitCode(["status", "Results/x", "--format", "json"]))
    }

    func testShardsAndKnobSettingsAreReadAsWritten() throws {
        XCTAssertEqual(try ShardOption.parse("2/4"), .fixed(.init(index: 2, count: 4)))
        XCTAssertEqual(try ShardOption.parse("auto"), .auto)
        for bad in ["0/2", "3/2", "1/0", "a/b", "1/2/3", "-1/2"] {
            XCTAssertThrowsError(try ShardOption.parse(bad), bad)
        }
        let knobs = try knobAssignments(["shared_buffers=4GB", "cache_size=-5", "x=a=b"])
        XCTAssertEqual(knobs.map(\.name), ["shared_buffers", "cache_size", "x"])
        XCTAssertEqual(knobs.map(\.value), ["4GB", "-5", "a=b"])
    }

    func testAMetricsUnitIsWhatItsNameSays() {
        XCTAssertEqual(MeasurementReport.unit(ofMetric: "wall_time_cv"), "")
        XCTAssertEqual(MeasurementReport.unit(ofMetric: "checkpoint_ms"), "ms")
        XCTAssertNil(MeasurementReport.unit(ofMetric: "cache_hits"))
    }
}
