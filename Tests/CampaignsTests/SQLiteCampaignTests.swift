import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Manifests

final class SQLiteCampaignTests: XCTestCase {
    func testASQLiteManifestRecordsKnobsAsPragmasAndSQLitesCounters() throws {
        let scratch = Scratch()
        try Files.createFolder(scratch.url)
        let workload = scratch.url.appendingPathComponent("tiny.sql")
        try Data("-- @setup\nCREATE TABLE t(x);\n-- @run\nINSERT INTO t VALUES (1);\nSELECT count(*) FROM t;\n".utf8)
            .write(to: workload)
        let manifest = try Manifest.parse(
            """
            name: sqlite-test
            seeds: [1]
            budget: 3
            output: \(scratch.path("out"))
            environments:
              - type: sqlite
                workload: \(workload.path)
                knobs: [journal_mode, synchronous, cache_size]
                safe_only: true
                warmup: 0
                repetitions: 1
            agents:
              - type: random-search
            """)
        XCTAssertEqual(manifest.environments[0].label, "sqlite-tiny-k3-safe")
        XCTAssertNotNil(
            manifest.environments[0].parameters["workload_hash"], "the workload's content is part of the fingerprint")
        let outcome = try runCampaign(manifest, jobs: 4)
        XCTAssertEqual(outcome.failedTrials, 0)
        let trials = outcome.results.trials
        XCTAssertEqual(trials[0].schema.knobNames, ["journal_mode", "synchronous", "cache_size"])
        XCTAssertTrue(trials[0].schema.metricNames.contains("cache_hit"))
        XCTAssertEqual(trials[0].knob("journal_mode"), "DELETE")
        XCTAssertTrue(
            trials.allSatisfy { Int($0.knob("cache_size")!)! < 0 },
            "cache_size is written in -KiB as the PRAGMA takes it")
        XCTAssertTrue(outcome.results.info.environments[0].timingSensitive)
    }

    func testSQLiteManifestProblemsNameTheField() {
        XCTAssertThrowsError(
            try Manifest.parse(
                """
                name: bad
                budget: 3
                environments:
                  - type: sqlite
                    workload: no-such-file.sql
                    knobs: [journal_mode, shared_buffers]
                agents:
                  - type: random-search
                """, file: "bad.yaml")
        ) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("environments[0].workload"), text)
            XCTAssertTrue(text.contains("shared_buffers"), text)
        }
    }
}
