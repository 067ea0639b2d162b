import Foundation
import TestSupport
import XCTest

/// The real PostgreSQL server through the command line: Ctrl-C of a campaign leaves no server running, and a
/// surrogate calibrated on the server serves as an environment.
final class PostgresCommandTests: XCTestCase {
    /// Processes named postgres (servers, zombies included) that run on one of `folder`'s clusters or are
    /// children of nobody we know: counted by command line for running ones.
    private func servers(under folder: String) -> Int {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.filter { pid in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
            let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.first?.hasSuffix("postgres") == true && words.contains { $0.hasPrefix(folder) }
        }.count
    }

    private let cache = FileManager.default.temporaryDirectory.appendingPathComponent("satune-cli-cache").path

    func testCtrlCDuringARealServersTrialStopsTheServerAndExitsWith130() throws {
        let scratch = Scratch()
        let path = try scratch.write(
            "m.yaml",
            """
            name: pg
            seeds: [1]
            budget: 3
            output: \(scratch.path("out"))
            environments:
              - {type: postgres, scale: 1, clients: 2, threads: 1, duration: 30, warmup: 0, knobs: 3}
            agents: [{type: random-search}]
            """)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["run", path]
        var environment = ProcessInfo.processInfo.environment
        environment["SATUNE_CACHE"] = cache
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        XCTAssertTrue(eventually(within: 120) { self.servers(under: cache) > 0 }, "a trial's server started")
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertLessThan(Date().timeIntervalSince(interrupted), 10, "the trial in flight is stopped, not waited for")
        XCTAssertEqual(servers(under: cache), 0, "no server runs after Ctrl-C")
        let trials = try String(contentsOfFile: scratch.path("out/trials.csv"), encoding: .utf8)
        XCTAssertEqual(trials.split(separator: "\n").count, 1, "the interrupted trial is not recorded: \(trials)")
    }

    func testASurrogateCalibratedOnTheServerIsAnEnvironment() throws {
        let scratch = Scratch()
        let model = scratch.path("pg.json")
        let calibrate = try CLI.run(
            [
                "calibrate", "tpcb-like", "--environment", "postgres", "--samples", "3", "--knobs", "3", "--scale", "1",
                "--clients", "2", "--threads", "1", "--duration", "1", "--warmup", "0", "--output", model,
            ], limit: 300)
        XCTAssertEqual(calibrate.status, 0, calibrate.errors + calibrate.output)
        XCTAssertTrue(calibrate.output.contains("[3/3] throughput"), calibrate.output)
        let text = try String(contentsOfFile: model, encoding: .utf8)
        XCTAssertTrue(text.contains("\"system\" : \"postgres\""), text)
        let tried = try CLI.run(["try", "surrogate", "--model", model, "--knob", "synchronous_commit=off"])
        XCTAssertEqual(tried.status, 0, tried.errors)
        XCTAssertTrue(tried.output.contains("objective: throughput (tx/s)"), tried.output)
        XCTAssertEqual(servers(under: cache), 0)
    }
}
