import Campaigns
import Foundation
import Manifests
import Reports
import Results
import TuningKit
import XCTest

/// Random edits of a real campaign's `trials.csv` (a fixed seed and count, so a failure reproduces), read
/// back as `satune report` reads it: never a trap, and every refusal names the file and a line.
final class TrialsFileFuzzTests: XCTestCase {
    /// Cells a careless or hostile editor might leave.
    private let hostileCells = [
        "", "abc", "1e300", "-1e300", "nan", "inf", "-inf", "-1", "0", "1.5", "99999999999999999999", "\"",
        "\"a,b\"", "on", "WAL", "true", "false", " 1", "0x10", "1_000", "١", "\u{0}", "x\ny",
    ]

    func testEditedTrialsFilesNeverTrapAndEveryRefusalNamesALine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satune-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = try Manifest.parse(
            """
            name: fuzzed
            seeds: [1, 2]
            budget: 6
            output: \(root.appendingPathComponent("c").path)
            environments:
              - type: simulator
                workload: oltp-write
                knobs: 4
              - type: branin
            agents:
              - type: random-search
              - type: bayesian
            """)
        _ = try CampaignRunner(manifest: manifest).run()
        let folder = ResultsFolder(path: root.appendingPathComponent("c").path)
        let original = try String(contentsOf: folder.trials, encoding: .utf8)
        var generator = SeededGenerator(seed: 2026, stream: "trials")
        var refused = 0, accepted = 0
        for iteration in 0..<300 {
            let edited = edit(original, &generator)
            try Data(edited.utf8).write(to: folder.trials)
            do {
                _ = try HTMLReport.rebuild(folder)
                accepted += 1
            } catch {
                refused += 1
                let text = "\(error)"
                XCTAssertTrue(text.contains("trials.csv"), "iteration \(iteration): \(text)")
                XCTAssertNotNil(
                    text.range(of: "line [0-9]+", options: .regularExpression), "iteration \(iteration): \(text)")
                for dump in ["NSCocoaErrorDomain", "Code=", "Error Domain="] {
                    XCTAssertFalse(text.contains(dump), "iteration \(iteration): \(text)")
                }
            }
        }
        XCTAssertGreaterThan(refused, 100, "most edits break the file")
        XCTAssertGreaterThan(accepted, 10, "edits of measured values leave it readable")
    }

    /// One to three edits: a cell replaced by a hostile value or another cell's, a header cell renamed, a
    /// line deleted, repeated or swapped, the file cut short, or a byte changed.
    private func edit(_ text: String, _ generator: inout SeededGenerator) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0...generator.nextInt(below: 3) {
            let i = generator.nextInt(below: lines.count - 1)  // the last line is the empty one after "\n"
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let j = generator.nextInt(below: cells.count)
            switch generator.nextInt(below: 8) {
            case 0, 1, 2:
                cells[j] = hostileCells[generator.nextInt(below: hostileCells.count)]
                lines[i] = cells.joined(separator: ",")
            case 3:
                let other = lines[generator.nextInt(below: lines.count - 1)].split(
                    separator: ",", omittingEmptySubsequences: false)
                cells[j] = j < other.count ? String(other[j]) : ""
                lines[i] = cells.joined(separator: ",")
            case 4:
                cells[j] = cells[j].isEmpty ? "x" : String(cells[j].dropFirst()) + "z"
                lines[i] = cells.joined(separator: ",")
            case 5: lines.remove(at: i)
            case 6: lines.swapAt(i, generator.nextInt(below: lines.count - 1))
            default:
                var bytes = Array(lines[i].utf8)
                if !bytes.isEmpty {
                    bytes[generator.nextInt(below: bytes.count)] = UInt8(generator.nextInt(below: 256))
                }
                lines[i] = String(decoding: bytes, as: UTF8.self)
            }
        }
        return lines.joined(separator: "\n")
    }
}
