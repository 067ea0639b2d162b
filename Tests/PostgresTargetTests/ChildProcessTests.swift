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
