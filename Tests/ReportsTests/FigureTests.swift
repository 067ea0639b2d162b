import Campaigns
import Foundation
import Manifests
import Results
import XCTest

@testable import Reports

/// The figures F1-F9: a small campaign with the structure each figure needs fills every one, a campaign
/// without it says what would, and the report rebuilt from the same records is the same page.
final class FigureTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("satune-figures-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func run(_ body: String) throws -> String {
        let manifest = try Manifest.parse("name: figures\nseeds: 2\nbudget: 14\noutput: \(folder.path)\n" + body)
        _ = try CampaignRunner(manifest: manifest).run()
        return try String(contentsOf: HTMLReport.rebuild(ResultsFolder(folder)).report, encoding: .utf8)
    }

    /// The text of the section of figure `n`.
    private func section(_ html: String, _ n: Int) throws -> String {
        let start = try XCTUnwrap(html.range(of: "<section id=\"fig-F\(n)\">"))
        let end = try XCTUnwrap(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    func testACampaignWithTheirStructureFillsEveryFigure() throws {
        let html = try run(
            """
            environments:
              - {type: simulator, name: w4, workload: oltp-write, knobs: 4}
              - {type: simulator, name: w8, workload: oltp-write, knobs: 8}
              - {type: simulator, name: changing, workload: oltp-write, knobs: 4, shift_at: 7, shift_workload: oltp-read}
              - {type: simulator, name: r4, workload: oltp-read, knobs: 4}
            agents:
              - type: random-search
              - {type: random-search, name: lhs, sampling: latin-hypercube, environments: [w4]}
            """)
        for n in 1...9 {
            let part = try section(html, n)
            XCTAssertFalse(part.contains("class=\"missing\""), "F\(n) is empty: \(part.prefix(600))")
            XCTAssert(part.contains("<svg") || part.contains("<table>"), "F\(n) has no chart or table")
        }
        XCTAssert(try section(html, 4).contains("w4: variants of random-search"))
        XCTAssert(try section(html, 5).contains("tuned knobs (4, 8)"))
        XCTAssert(try section(html, 6).contains("changing against r4 from scratch"))
        XCTAssert(try section(html, 7).contains("model update (tell)"))
        XCTAssert(try section(html, 8).contains("knob importance"))
        XCTAssert(try section(html, 9).contains("class=\"changed"), "F9 marks the values changed from the default")
        XCTAssertNil(html.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression))
        XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent("headline.svg").path))

        let report = folder.appendingPathComponent("report.html")
        try FileManager.default.removeItem(at: report)
        try HTMLReport.rebuild(ResultsFolder(folder))
        XCTAssertEqual(try String(contentsOf: report, encoding: .utf8), html, "rebuilt from the same records")
    }

    func testACampaignWithoutThatStructureSaysWhatWouldFillTheFigure() throws {
        let html = try run(
            """
            environments:
              - {type: branin}
            agents:
              - type: random-search
            """)
        XCTAssert(try section(html, 4).contains("no two agents of the same type"))
        XCTAssert(try section(html, 5).contains("knobs: 4, 8, 16, 32 and all"))
        XCTAssert(try section(html, 6).contains("shift_at"))
        XCTAssertFalse(try section(html, 1).contains("class=\"missing\""))
        XCTAssertFalse(try section(html, 2).contains("Throughput and p99"), "a benchmark function has neither")
    }
}
