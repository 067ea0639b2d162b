import Foundation
import TestSupport
import XCTest

/// A campaign through the command line: run, status, report, Ctrl-C and resume.
final class CampaignCommandTests: XCTestCase {
    private func manifest(_ scratch: Scratch, budget: Int, agents: [String] = ["random-search", "bayesian"]) throws
        -> String
    {
        try scratch.write(
            "m.yaml",
            """
            name: cli
            seeds: 3
            budget: \(budget)
            output: \(scratch.path("out"))
            environments:
              - type: branin
            agents:
            \(agents.map { "  - type: \($0)" }.joined(separator: "\n"))
            """)
    }

    func testARunPrintsWhereItsFilesAreAndStatusSaysItIsComplete() throws {
        let scratch = Scratch()
        let run = try CLI.run(["run", try manifest(scratch, budget: 5)])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.contains("36 new trials (0 failed evaluations); 6 of 6 runs complete"), run.output)
        XCTAssertTrue(run.output.contains(scratch.path("out") + "/report.html"), run.output)
        let status = try CLI.run(["status", scratch.path("out")])
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.output.contains("nothing remains"), status.output)
        let report = try CLI.run(["report", scratch.path("out")])
        XCTAssertEqual(report.status, 0, report.errors)
        let quiet = try CLI.run(["run", try manifest(scratch, budget: 5), "--quiet"])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.output, "", "--quiet prints nothing but warnings and errors")
    }

    func testCtrlCStopsWithStatus130AndTheSameCommandResumes() throws {
        let scratch = Scratch()
        let path = try manifest(scratch, budget: 30000, agents: ["random-search"])
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["run", path, "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let trials = scratch.url.appendingPathComponent("out/trials.csv")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
            ((try? String(contentsOf: trials, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 80
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        let html = try String(contentsOf: scratch.url.appendingPathComponent("out/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Partial results"))
        let status = try CLI.run(["status", scratch.path("out")])
        XCTAssertTrue(status.output.contains("interrupted"), status.output)
        XCTAssertTrue(status.output.contains("remain"), status.output)
        let resumed = try CLI.run(["run", path])
        XCTAssertEqual(resumed.status, 0, resumed.errors)
        XCTAssertTrue(resumed.output.contains("3 of 3 runs complete"), resumed.output)
    }

    func testASecondCtrlCExitsAtOnceAndRunJsonSaysInterrupted() throws {
        let scratch = Scratch()
        let path = try manifest(scratch, budget: 30000, agents: ["bayesian"])
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["run", path, "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let trials = scratch.url.appendingPathComponent("out/trials.csv")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
            ((try? String(contentsOf: trials, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 40
        {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.02)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        let status = try CLI.run(["status", scratch.path("out")])
        XCTAssertTrue(status.output.contains("interrupted;"), status.output)
        XCTAssertFalse(status.output.contains("killed?"), status.output)
    }
}
