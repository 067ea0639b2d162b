import Foundation
import TestSupport
import XCTest

/// satune removes and overwrites only files it wrote itself.
final class FileSafetyTests: XCTestCase {
    func testCacheClearRemovesOnlyWhatSatuneWroteAndSaysWhatItLeft() throws {
        let scratch = Scratch()
        let cache = scratch.url.appendingPathComponent("cache")
        let workload = try scratch.write("w.sql", "-- @setup\nCREATE TABLE t(x);\n-- @run\nSELECT count(*) FROM t;\n")
        let environment = ["SATUNE_CACHE": cache.path]
        XCTAssertEqual(try CLI.run(["replay", workload, "--repetitions", "1"], environment: environment).status, 0)
        let pristine = cache.appendingPathComponent("pristine")
        let built = try FileManager.default.contentsOfDirectory(atPath: pristine.path)
        XCTAssertEqual(built.count, 1, "\(built)")
        try FileManager.default.createDirectory(
            at: pristine.appendingPathComponent("thesis"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: pristine.appendingPathComponent("thesis/ch1.tex"))
        try Data("mine".utf8).write(to: pristine.appendingPathComponent("readme.txt"))
        try Data("mine".utf8).write(to: cache.appendingPathComponent("notes.txt"))

        let cleared = try CLI.run(["cache", "--clear"], environment: environment)
        XCTAssertEqual(cleared.status, 0, cleared.errors)
        for kept in ["pristine/thesis/ch1.tex", "pristine/readme.txt", "notes.txt"] {
            XCTAssertEqual(try String(contentsOf: cache.appendingPathComponent(kept), encoding: .utf8), "mine", kept)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: pristine.appendingPathComponent(built[0]).path))
        XCTAssertTrue(cleared.output.contains("left 2 entries satune did not write"), cleared.output)
        XCTAssertTrue(cleared.output.contains("readme.txt"), cleared.output)
    }

    func testCalibrateNeverOverwritesAFileItDidNotWrite() throws {
        let scratch = Scratch()
        let workload = try scratch.write("w.sql", "-- @setup\nCREATE TABLE t(x);\n-- @run\nSELECT count(*) FROM t;\n")
        let mine = try scratch.write("model.json", "{\"keep\": true}")
        let quick = ["--samples", "3", "--repetitions", "1", "--warmup", "0"]
        let refused = try CLI.run(["calibrate", workload] + quick + ["--output", mine])
        XCTAssertEqual(refused.status, 1, refused.errors)
        XCTAssertTrue(refused.errors.contains("--output \(mine): not a model satune wrote"), refused.errors)
        XCTAssertTrue(refused.errors.contains("--force"), refused.errors)
        XCTAssertEqual(try String(contentsOfFile: mine, encoding: .utf8), "{\"keep\": true}")

        for force in [[], ["--force"]] {
            let input = try CLI.run(["calibrate", workload] + quick + ["--output", workload] + force)
            XCTAssertEqual(input.status, 1, input.errors)
            XCTAssertTrue(input.errors.contains("is the workload"), input.errors)
            XCTAssertTrue(try String(contentsOfFile: workload, encoding: .utf8).hasPrefix("-- @setup"))
        }

        let model = scratch.path("new.json")
        XCTAssertEqual(try CLI.run(["calibrate", workload] + quick + ["--output", model]).status, 0)
        let again = try CLI.run(["calibrate", workload] + quick + ["--output", model])
        XCTAssertEqual(again.status, 0, "its own model is overwritten: \(again.errors)")
        let forced = try CLI.run(["calibrate", workload] + quick + ["--output", mine, "--force"])
        XCTAssertEqual(forced.status, 0, forced.errors)
    }
}
