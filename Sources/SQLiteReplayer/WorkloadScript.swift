import CSQLite3
import Foundation
import TuningKit

/// A workload file: plain SQL that the `sqlite3` shell can run, in two sections marked by lines
/// `-- @setup` (schema and data, run once to build the pristine database) and `-- @run` (the statements
/// that are replayed and timed).
///
/// Statements are split by SQLite's own parser: `sqlite3_prepare_v2` compiles the first statement of the
/// remaining text and returns where the next one starts (its tail), so triggers, strings and comments
/// with semicolons in them split exactly as the shell splits them. Every error names the file and line.
public final class WorkloadScript: @unchecked Sendable {  // immutable after init
    /// The file the workload came from.
    public let path: String
    /// The file name without `.sql`, e.g. "oltp".
    public let name: String
    /// Byte ranges of the two sections in `text` (the setup may be absent: the run starts from an empty database).
    let setup: Range<Int>?
    let run: Range<Int>
    /// The file's bytes plus a terminating NUL; never mutated, so statement pointers into it stay valid.
    let text: UnsafeMutableBufferPointer<CChar>
    private let lineStarts: [Int]

    /// Reads and sections a workload file; throws a `WorkloadError` for a missing file or misplaced markers.
    public init(path: String) throws(WorkloadError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw WorkloadError(file: path, line: nil, "no such workload file")
        }
        guard !isFolder.boolValue else {
            throw WorkloadError(file: path, line: nil, "is a folder, not a workload file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)).lowercased() : "cannot be read"
            throw WorkloadError(file: path, line: nil, "cannot read the workload file: \(reason)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte-order mark
        var starts = [0]
        for i in bytes.indices where bytes[i] == 0x0A { starts.append(i + 1) }
        if let nul = bytes.firstIndex(of: 0) {
            throw WorkloadError(
                file: path, line: Self.line(at: nul, lineStarts: starts), "a NUL byte: a workload is a text file of SQL"
            )
        }

        // Marker lines: "-- @setup" or "-- @run" at the start of a line.
        var markers: [(kind: String, line: Int, contentStart: Int, lineStart: Int)] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines)
            for kind in ["@setup", "@run"] where line == "-- \(kind)" || line.hasPrefix("-- \(kind) ") {
                markers.append((kind, index + 1, end, start))
            }
        }
        var sections: [String: Range<Int>] = [:]
        for (i, marker) in markers.enumerated() {
            guard sections[marker.kind] == nil else {
                throw WorkloadError(
                    file: path, line: marker.line, "a second '-- \(marker.kind)' marker; a workload has one of each")
            }
            let end = i + 1 < markers.count ? markers[i + 1].lineStart : bytes.count
            sections[marker.kind] = marker.contentStart..<end
        }
        guard let run = sections["@run"] else {
            throw WorkloadError(
                file: path, line: nil,
                "no '-- @run' marker line; a workload has '-- @setup' (optional) and then '-- @run' sections")
        }
        if let setup = sections["@setup"], setup.lowerBound > run.lowerBound {
            throw WorkloadError(
                file: path, line: Self.line(at: setup.lowerBound - 1, lineStarts: starts),
                "'-- @setup' must come before '-- @run'")
        }

        let text = UnsafeMutableBufferPointer<CChar>.allocate(capacity: bytes.count + 1)
        for (i, byte) in bytes.enumerated() { text[i] = CChar(bitPattern: byte) }
        text[bytes.count] = 0
        let firstMarker = markers.map(\.lineStart).min() ?? 0
        let before = Self.skipTrivia(text, from: 0, to: firstMarker)
        guard before == firstMarker else {
            text.deallocate()
            throw WorkloadError(
                file: path, line: Self.line(at: before, lineStarts: starts),
                "SQL before the first marker; put it under '-- @setup' or '-- @run'")
        }
        guard Self.skipTrivia(text, from: run.lowerBound, to: run.upperBound) < run.upperBound else {
            text.deallocate()
            let markerLine = markers.first { $0.kind == "@run" }!.line
            throw WorkloadError(
                file: path, line: markerLine,
                "the '-- @run' section has no statements: a workload must run something to measure")
        }
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.text = text
        lineStarts = starts
        self.setup = sections["@setup"]
        self.run = run
    }

    deinit { text.deallocate() }

    /// The 1-based line of a byte offset.
    func line(at offset: Int) -> Int { Self.line(at: offset, lineStarts: lineStarts) }

    private static func line(at offset: Int, lineStarts: [Int]) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// One statement of a section: where its first token starts and where its text (with the semicolon) ends.
    struct Span {
        let start: Int
        let end: Int
    }

    /// Runs every statement of `section` on `connection`, in order, confined by `sandbox` and limited by
    /// `watchdog`, and returns their spans. A statement that fails to compile or run does not stop the
    /// others: every failing statement is reported at once, each with its file and line (SQLite's own
    /// error offset where it knows one). A time limit or an interruption stops at once.
    func execute(_ section: Range<Int>, on connection: Connection, sandbox: Sandbox, watchdog: Watchdog)
        throws(WorkloadError) -> [Span]
    {
        var spans: [Span] = [], problems: [WorkloadError.Problem] = []
        var offset = section.lowerBound
        let base = UnsafePointer(text.baseAddress!)
        watchdog.watch(connection)
        defer { watchdog.stop(connection) }
        while offset < section.upperBound {
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            sandbox.clearRefusal()
            let rc = sqlite3_prepare_v2(
                connection.handle, base + offset, Int32(section.upperBound - offset), &statement, &tail)
            let start = Self.skipTrivia(text, from: offset, to: section.upperBound)
            guard rc == SQLITE_OK else {
                let errorOffset = Int(sqlite3_error_offset(connection.handle))
                let at = errorOffset >= 0 ? offset + errorOffset : start
                problems.append(.init(line: line(at: at), message: sandbox.refusal ?? connection.errorMessage))
                offset = statementEnd(from: start, to: section.upperBound)
                continue
            }
            let next = max(tail.map { $0 - base } ?? section.upperBound, offset + 1)  // always forward
            defer { offset = next }
            guard let statement else { continue }  // only comments and white space were left
            var step = sqlite3_step(statement)
            while step == SQLITE_ROW { step = sqlite3_step(statement) }
            let message = connection.errorMessage
            sqlite3_finalize(statement)
            if watchdog.fired {
                problems.append(
                    .init(line: line(at: start), message: watchdog.interrupted ? "interrupted" : watchdog.explanation))
                throw WorkloadError(file: path, problems: problems)
            }
            guard step == SQLITE_DONE else {
                // VACUUM INTO is refused when it runs (it attaches its target then), not when it compiles.
                problems.append(.init(line: line(at: start), message: sandbox.refusal ?? message))
                continue
            }
            spans.append(Span(start: start, end: next))
        }
        guard problems.isEmpty else { throw WorkloadError(file: path, problems: problems) }
        return spans
    }

    /// The end of the statement starting at `start`, by SQLite's own rule for a complete statement
    /// (`sqlite3_complete`: a semicolon outside strings, comments and trigger bodies), for going on after
    /// a statement that failed to compile.
    private func statementEnd(from start: Int, to end: Int) -> Int {
        var candidate = start
        while candidate < end {
            guard let semicolon = (candidate..<end).first(where: { text[$0] == CChar(UInt8(ascii: ";")) }) else {
                return end
            }
            let piece = String(decoding: (start...semicolon).map { UInt8(bitPattern: text[$0]) }, as: UTF8.self)
            if sqlite3_complete(piece) != 0 { return semicolon + 1 }
            candidate = semicolon + 1
        }
        return end
    }

    /// The PRAGMA assignments (`PRAGMA name = value` or `PRAGMA name(value)`) of a section, found by
    /// reading its text (strings, quoted names and comments skipped): each pragma's name, in lower case, and
    /// line. For checking a workload before building it; `Sandbox` sees every assignment when it runs.
    func pragmaAssignments(in section: Range<Int>) -> [(pragma: String, line: Int)] {
        var found: [(String, Int)] = []
        var i = Self.skipTrivia(text, from: section.lowerBound, to: section.upperBound)
        var atStatementStart = true
        func byte(_ k: Int) -> UInt8 { k < section.upperBound ? UInt8(bitPattern: text[k]) : 0 }
        func word(at k: Int) -> (String, Int) {
            var e = k
            while e < section.upperBound, Self.isWordByte(byte(e)) { e += 1 }
            return (String(decoding: (k..<e).map(byte), as: UTF8.self), e)
        }
        while i < section.upperBound {
            let c = byte(i)
            if atStatementStart, Self.isWordByte(c) {
                let (keyword, after) = word(at: i)
                if keyword.lowercased() == "pragma" {
                    var k = Self.skipTrivia(text, from: after, to: section.upperBound)
                    var (name, e) = word(at: k)
                    k = Self.skipTrivia(text, from: e, to: section.upperBound)
                    if byte(k) == UInt8(ascii: ".") {  // schema.name
                        (name, e) = word(at: Self.skipTrivia(text, from: k + 1, to: section.upperBound))
                        k = Self.skipTrivia(text, from: e, to: section.upperBound)
                    }
                    if byte(k) == UInt8(ascii: "=") || byte(k) == UInt8(ascii: "(") {
                        found.append((name.lowercased(), line(at: i)))
                    }
                }
                atStatementStart = false
                i = after
                continue
            }
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "["):
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : c
                i += 1
                while i < section.upperBound, byte(i) != close { i += 1 }
                i += 1
            case UInt8(ascii: ";"):
                atStatementStart = true
                i = Self.skipTrivia(text, from: i + 1, to: section.upperBound)
            case UInt8(ascii: "-") where byte(i + 1) == UInt8(ascii: "-"),
                UInt8(ascii: "/") where byte(i + 1) == UInt8(ascii: "*"):
                i = Self.skipTrivia(text, from: i, to: section.upperBound)
            default:
                i += 1
            }
        }
        return found
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
            || c >= 0x80
    }

    /// The offset of the first byte at or after `offset` that is not white space or a comment.
    static func skipTrivia(_ text: UnsafeMutableBufferPointer<CChar>, from offset: Int, to end: Int) -> Int {
        var i = offset
        while i < end {
            let c = UInt8(bitPattern: text[i])
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                i += 1
            } else if c == UInt8(ascii: "-"), i + 1 < end, text[i + 1] == CChar(UInt8(ascii: "-")) {
                while i < end, text[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < end, text[i + 1] == CChar(UInt8(ascii: "*")) {
                i += 2
                while i + 1 < end, !(text[i] == CChar(UInt8(ascii: "*")) && text[i + 1] == CChar(UInt8(ascii: "/"))) {
                    i += 1
                }
                i = min(i + 2, end)
            } else {
                return i
            }
        }
        return end
    }

    /// A hash of the setup section, which with the build knobs names a pristine database.
    var setupHash: UInt64 { hash(setup ?? 0..<0) }
    /// A hash of the whole file.
    var contentHash: UInt64 { hash(0..<(text.count - 1)) }

    /// The 64-bit FNV-1a hash of a byte range.
    private func hash(_ range: Range<Int>) -> UInt64 {
        fnv1a(range.lazy.map { UInt8(bitPattern: self.text[$0]) })
    }
}
