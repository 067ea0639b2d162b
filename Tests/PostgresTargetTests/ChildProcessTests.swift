import Foundation
import XCTest

@testable import PostgresTarget

/// The programs satune starts (servers, pgbench, psql) get standard input, output and error and nothing
/// else of satune's: a descriptor left open by whoever called satune must not stay open in a server.
final class ChildProcessTests: XCTestCase {
    func testAChildInheritsNoDescriptorBeyondTheStandardThree() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satune-fd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let fd = open(file.path, O_RDWR | O_CREAT, 0o600)  // no O_CLOEXEC, as a caller's lock file
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "[ -e /proc/$$/fd/\(fd) ] && echo open || echo closed; [ -e /proc/$$/fd/2 ] && echo 2"],
            timeout: 10)
        XCTAssertTrue(outcome.succeeded, outcome.tail)
        XCTAssertEqual(outcome.output, "closed\n2\n")
    }
}

/// A program's error output is read as it comes, and a watch that finds what it waits for stops the program
/// (pgbench's progress reports and early abort); `cpus` keeps a program on the cores given.
final class ChildProcessWatchTests: XCTestCase {
    func testAWatchStopsTheProgramWhenItSaysSo() throws {
        var seen: [String] = []
        let started = Date()
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "i=0; while [ $i -lt 100 ]; do echo \"line $i\" >&2; i=$((i+1)); sleep 0.05; done"],
            timeout: 30,
            watch: { text in
                seen += text.split(separator: "\n").map(String.init)
                return seen.contains("line 5")
            })
        XCTAssertTrue(outcome.stoppedByWatch)
        XCTAssertFalse(outcome.timedOut || outcome.interrupted || outcome.stoppedFromOutside || outcome.succeeded)
        XCTAssertLessThan(Date().timeIntervalSince(started), 4, "stopped long before its 5 s")
        XCTAssertEqual(Array(seen.prefix(6)), (0...5).map { "line \($0)" }, "whole lines, in order")
    }

    func testAProgramStaysOnTheCoresGiven() throws {
        let outcome = try ChildProcess.run(
            "/bin/sh", ["-c", "grep Cpus_allowed_list /proc/self/status"], timeout: 10, cpus: "0")
        XCTAssertTrue(outcome.succeeded, outcome.tail)
        XCTAssertTrue(outcome.output.hasSuffix("\t0\n"), outcome.output)
    }
}
