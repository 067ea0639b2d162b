import Foundation
import Results
import XCTest

@testable import DashboardServer

/// The feed behind `/events`: rows appended to trials.csv reach the subscribers once each, in order,
/// including a row whose end arrives later and a file rewritten in canonical order.
final class TrialFeedTests: XCTestCase {
    func testAppendedRowsReachSubscribersOnceEach() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satune-feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let full = root.appendingPathComponent("full"), live = root.appendingPathComponent("live")
        try Satune.run(
            manifest: """
                name: feed
                seeds: 2
                budget: 4
                output: \(full.path)
                environments: [{type: branin}]
                agents: [{type: random-search}]
                """)
        // A folder being written: run.json, and trials.csv growing piece by piece.
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: full.appendingPathComponent("run.json"), to: live.appendingPathComponent("run.json"))
        let text = try String(contentsOf: full.appendingPathComponent("trials.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trials = live.appendingPathComponent("trials.csv")

        let feed = try TrialFeed(folder: ResultsFolder(live))
        await feed.poll()  // no file yet
        var stream = await feed.subscribe(from: 0).makeAsyncIterator()
        try (lines[0...3].joined(separator: "\n") + "\n" + lines[4].prefix(10)).write(
            to: trials, atomically: false, encoding: .utf8)
        await feed.poll()
        let firstBatch = await stream.next()
        let first = try XCTUnwrap(firstBatch)
        XCTAssertEqual(first.map(\.index), [0, 1, 2], "whole rows only: the row cut short waits for its end")
        let handle = try FileHandle(forWritingTo: trials)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines[4].dropFirst(10) + "\n" + lines[5...].joined(separator: "\n")).utf8))
        try handle.close()
        await feed.poll()
        let secondBatch = await stream.next()
        let second = try XCTUnwrap(secondBatch)
        XCTAssertEqual(second.map(\.index), Array(3..<10))
        XCTAssertEqual(second.map(\.record.step), [3, 4, 0, 1, 2, 3, 4])

        // The runner rewrites the file in canonical order when the campaign completes: no row twice.
        let reordered = [lines[0]] + Array(lines[6...10]) + Array(lines[1...5]) + [""]
        try reordered.joined(separator: "\n").write(to: trials, atomically: true, encoding: .utf8)
        await feed.poll()
        await feed.heartbeat()
        let thirdBatch = await stream.next()
        let third = try XCTUnwrap(thirdBatch)
        XCTAssertEqual(third.count, 0, "nothing new after the rewrite: the next thing is the heartbeat")
        let count = await feed.records.count
        XCTAssertEqual(count, 10)
        let late = await feed.subscribe(from: 8)
        var lateIterator = late.makeAsyncIterator()
        let lateBatch = await lateIterator.next()
        XCTAssertEqual(try XCTUnwrap(lateBatch).map(\.index), [8, 9], "a subscriber from 8 gets 8 and 9")
    }
}
