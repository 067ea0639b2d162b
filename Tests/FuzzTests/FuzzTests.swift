import Campaigns
import Foundation
import Manifests
import TuningKit
import XCTest

@testable import SQLiteReplayer

/// Random mutations of the built-in manifests and workload files (a fixed seed and count, so a failure
/// reproduces): satune never crashes, never runs past its time limits, always answers with an error said
/// in words, and never writes outside its results and cache folders.
final class FuzzTests: XCTestCase {
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private var root: URL!
    private var bait: URL { root.appendingPathComponent("bait") }

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("satune-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bait, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    /// Every file under the scratch root but the cache and the results, with its size.
    private func snapshot() -> [String: Int] {
        var files: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey])
        while let url = enumerator?.nextObject() as? URL {
            let path = url.path.replacingOccurrences(of: root.path, with: "")
            if path.hasPrefix("/cache") || path.hasPrefix("/results") { continue }
            files[path] = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? -1
        }
        return files
    }

    /// Runs `body` on another thread; if it has not finished after `seconds`, satune hung: the test process
    /// stops at once with the case that hung (a hang cannot be cancelled, and CI must not wait for it).
    private func withinLimit(_ seconds: Double, _ label: String, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            body()
            done.signal()
        }
        if done.wait(timeout: .now() + seconds) == .timedOut {
            FileHandle.standardError.write(
                Data("FuzzTests: \(label) did not finish within \(seconds) s: satune hung\n".utf8))
            exit(1)
        }
    }

    private func assertPlain(_ error: Error, _ context: String) {
        let text = "\(error)"
        XCTAssertFalse(text.isEmpty, context)
        for dump in ["NSCocoaErrorDomain", "NSPOSIXErrorDomain", "Code=", "Error Domain="] {
            XCTAssertFalse(text.contains(dump), "\(context): \(text)")
        }
    }

    func testMutatedManifestsNeverCrashAndSmallOnesRunInsideTheirFolder() throws {
        var mutator = Mutator(
            generator: SeededGenerator(seed: 2026, stream: "manifests"),
            hostileLines: [
                "remeasure: 3", "output: /", "output: \(bait.path)/out", "seeds: 100000000000", "budget: -1",
                "  - type: sqlite", "  - type: surrogate", "name: ..", "seeds: [1, 1]", "a: &a [1, 2]", "seeds: *a",
                "environments: []", "agents: {}", "\u{FEFF}name: bom", "knobs: 0", "knobs: all", "noise: 2",
            ],
            hostileValues: [
                "-1", "0", "1e400", ".nan", "[]", "{}", "\"\"", "/", "..", "~", "null", "yes", "99999999999999999999",
                "\"a\\u0000b\"", String(repeating: "x", count: 5000), "*undefined", "!!binary aGk=", "'''", "[1, [2]]",
            ])
        let sources = try ["quick", "ablation", "surrogate", "sqlite"].map {
            try String(contentsOf: repository.appendingPathComponent("Experiments/\($0).yaml"), encoding: .utf8)
        }
        let before = snapshot()
        var parsed = 0, ran = 0
        for iteration in 0..<400 {
            let text = mutator.mutate(sources[iteration % sources.count])
            let started = ContinuousClock.now
            let outcome = Outcome()
            withinLimit(30, "manifest iteration \(iteration)") {
                do { outcome.manifest = try Manifest.parse(text, file: "fuzz-\(iteration).yaml") } catch {
                    outcome.error = error
                }
            }
            if let error = outcome.error { assertPlain(error, "iteration \(iteration)") }
            guard let manifest = outcome.manifest else { continue }
            parsed += 1
            XCTAssertLessThan(
                ContinuousClock.now - started, .seconds(2), "parsing took too long (iteration \(iteration))")
            // Run the small ones that touch no real database, inside the scratch folder.
            let evaluations =
                manifest.environments.count * manifest.agents.count * manifest.seeds.count * (manifest.budget + 1)
            let real = manifest.environments.contains { $0.typeName == "sqlite" }
            guard evaluations <= 400, !real, ran < 12 else { continue }
            let output = root.appendingPathComponent("results/\(iteration)").path
            guard
                let contained = try? Manifest.parse(
                    text.replacingOccurrences(of: "\noutput:", with: "\nignored_output:") + "\noutput: \(output)\n")
            else { continue }
            ran += 1
            var configured = CampaignRunner.Options()
            configured.jobs = 2
            let options = configured
            let run = Outcome()
            withinLimit(120, "run of manifest iteration \(iteration)") {
                do { _ = try CampaignRunner(manifest: contained, options: options).run() } catch { run.error = error }
            }
            if let error = run.error { assertPlain(error, "run \(iteration)") }
        }
        XCTAssertGreaterThan(parsed, 5, "the mutations should leave some manifests valid")
        XCTAssertEqual(snapshot(), before, "nothing is written outside the results and cache folders")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: bait.path), [])
    }

    /// The built-in workloads shrunk (every number from 1000 up becomes 97, and the first 60 lines of `@run`
    /// kept), so that a mutated one builds and replays in milliseconds.
    private func smallWorkloads() throws -> [String] {
        try ["oltp", "analytic", "ingest"].map { name in
            let text = try String(
                contentsOf: repository.appendingPathComponent("Workloads/\(name).sql"), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let run = lines.firstIndex { $0.hasPrefix("-- @run") }!
            let kept = lines[...run] + lines[(run + 1)...].prefix(60)
            return kept.joined(separator: "\n").replacingOccurrences(
                of: "[0-9]{4,}", with: "97", options: .regularExpression)
        }
    }

    func testMutatedWorkloadsStayInTheirCopyAndWithinTheirTimeLimits() throws {
        let spin = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"
        var mutator = Mutator(
            generator: SeededGenerator(seed: 2026, stream: "workloads"),
            hostileLines: [
                "ATTACH '\(bait.path)/a.db' AS a;", "VACUUM INTO '\(bait.path)/v.db';",
                "SELECT load_extension('\(bait.path)/x');",
                "PRAGMA temp_store_directory = '\(bait.path)';", spin, "PRAGMA threads = 3;",
                "PRAGMA page_size = 1024;",
                "BEGIN;", "COMMIT;", "-- @run", "-- @setup", "\u{FEFF}", "PRAGMA journal_mode = WAL;", "DETACH main;",
                "PRAGMA writable_schema = ON;", "UPDATE sqlite_schema SET sql = 'x';", "SELECT randomblob(1000000);",
                "ATTACH 'file:\(bait.path)/u.db?mode=rwc' AS u;", "DROP TABLE IF EXISTS warehouse;", "\u{0}",
            ],
            hostileValues: ["x"])
        let bases = try smallWorkloads()
        let store = PristineStore(root: root.appendingPathComponent("cache"))
        let before = snapshot()
        var opened = 0
        for iteration in 0..<90 {
            let path = root.appendingPathComponent("w\(iteration).sql").path
            try Data(mutator.mutate(bases[iteration % bases.count]).utf8).write(to: URL(fileURLWithPath: path))
            let started = ContinuousClock.now
            let outcome = Outcome()
            withinLimit(60, "workload iteration \(iteration)") {
                do {
                    let replayer = try Replayer(workload: path, store: store, timeout: 1, setupTimeout: 2)
                    var values = SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space)
                    values["journal_mode"] = .categorical(iteration % 2 == 0 ? "WAL" : "DELETE")
                    if case .failure(let failure) = replayer.replay(values) { outcome.error = failure }
                    outcome.opened = true
                } catch {
                    outcome.error = error
                }
            }
            if outcome.opened { opened += 1 }
            if let error = outcome.error { assertPlain(error, "workload \(iteration)") }
            // Setup (2 s) + validation (1 s) + one replay (1 s), with room for a slow machine.
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(12), "iteration \(iteration) ran past its limits")
            try FileManager.default.removeItem(atPath: path)
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: bait.path), [],
                "iteration \(iteration) wrote outside its copy")
        }
        XCTAssertGreaterThan(opened, 5, "the mutations should leave some workloads valid")
        XCTAssertEqual(snapshot(), before, "nothing is written outside the results and cache folders")
        XCTAssertEqual(
            (try? FileManager.default.contentsOfDirectory(atPath: store.scratch.path)) ?? [], [],
            "no trial copy is left")
    }
}

/// What a case on another thread found.
private final class Outcome: @unchecked Sendable {
    var manifest: Manifest?
    var error: Error?
    var opened = false
}
