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
    /// The file's bytes plus a terminating NUL, and a NUL in place of the first byte of the `-- @run` marker line
    /// (so that each section ends in one); never mutated after init, so statement pointers into it stay valid.
    let text: UnsafeMutableBufferPointer<CChar>
    private let lineStarts: [Int]
    /// A hash of the setup section, which with the build knobs names a pristine database.
    let setupHash: UInt64
    /// A hash of the whole file (its bytes after a byte-order mark).
    let contentHash: UInt64

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
        if let line = Self.firstLineNotUTF8(bytes, lineStarts: starts) {
            throw WorkloadError(
                file: path, line: line,
                "not UTF-8: a workload is a text file of SQL in UTF-8 (convert it, e.g. iconv -f LATIN1 -t UTF-8)")
        }

        // Marker lines: "-- @setup" or "-- @run" at the start of a line.
        var markers: [(kind: String, line: Int, contentStart: Int, lineStart: Int)] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            guard let kind = Self.marker(bytes[start..<end]) else { continue }
            markers.append((kind, index + 1, end, start))
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
        bytes.withUnsafeBufferPointer { source in
            _ = text.initialize(from: UnsafeRawBufferPointer(source).bindMemory(to: CChar.self))
        }
        text[bytes.count] = 0
        let firstMarker = markers.map(\.lineStart).min() ?? 0
        let before = Self.skipTrivia(text, from: 0, to: firstMarker)
        guard before == firstMarker else {
            text.deallocate()
            throw WorkloadError(
                file: path, line: Self.line(at: before, lineStarts: starts),
                "SQL before the first marker; put it under '-- @setup' or '-- @run'")
        }
        guard Self.skipTrivia(text, from: run.lowerBound, to: run.upperBound, semicolons: true) < run.upperBound else {
            text.deallocate()
            let markerLine = markers.first { $0.kind == "@run" }?.line
            throw WorkloadError(
                file: path, line: markerLine,
                "the '-- @run' section has no statements: a workload must run something to measure")
        }
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        contentHash = fnv1a(bytes)
        setupHash = fnv1a(sections["@setup"].map { bytes[$0] } ?? [])
        // Each section ends in a NUL, so that SQLite's parser reads it in place: told a length without a NUL at
        // its end, sqlite3_prepare_v2 copies the rest of the text for every statement (quadratic in the file).
        // The byte overwritten is the first of the '-- @run' marker line, which belongs to neither section.
        if let setup = sections["@setup"] { text[setup.upperBound] = 0 }
        self.text = text
        lineStarts = starts
        self.setup = sections["@setup"]
        self.run = run
    }

    /// "@setup" or "@run" for a marker line ("-- @setup", or "-- @run" followed by a space and anything).
    private static func marker(_ line: ArraySlice<UInt8>) -> String? {
        guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            line[first...].starts(with: [0x2D, 0x2D])
        else { return nil }  // not a comment: most lines of a large file stop here
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ["@setup", "@run"].first { text == "-- \($0)" || text.hasPrefix("-- \($0) ") }
    }

    /// The 1-based line of the first byte sequence that is not UTF-8, or nil for a UTF-8 text.
    private static func firstLineNotUTF8(_ bytes: [UInt8], lineStarts: [Int]) -> Int? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
            if String(validating: bytes[start..<end], as: UTF8.self) == nil { return index + 1 }
        }
        return nil
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
    /// `progress`, when given, is told the offset reached after each statement.
    func execute(
        _ section: Range<Int>, on connection: Connection, sandbox: Sandbox, watchdog: Watchdog,
        progress: ((Int) -> Void)? = nil
    ) throws(WorkloadError) -> [Span] {
        var spans: [Span] = [], problems: [WorkloadError.Problem] = []
        var offset = section.lowerBound
        let base = UnsafePointer(text.baseAddress!)
        watchdog.watch(connection)
        defer { watchdog.stop(connection) }
        while offset < section.upperBound {
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            sandbox.clearRefusal()
            let rc = sqlite3_prepare_v2(connection.handle, base + offset, -1, &statement, &tail)  // reads to the NUL
            let start = Self.skipTrivia(text, from: offset, to: section.upperBound)
            guard rc == SQLITE_OK else {
                let errorOffset = Int(sqlite3_error_offset(connection.handle))
                let at = errorOffset >= 0 ? offset + errorOffset : start
                problems.append(.init(line: line(at: at), message: sandbox.refusal ?? connection.errorMessage))
                offset = statementEnd(from: start, to: section.upperBound)
                continue
            }
            let next = max(tail.map { $0 - base } ?? section.upperBound, offset + 1)  // always forward
            defer {
                offset = next
                progress?(next)
            }
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
    func statementEnd(from start: Int, to end: Int) -> Int {
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

    /// The offset of the first byte at or after `offset` that is not white space or a comment (nor, with
    /// `semicolons`, the semicolon of an empty statement).
    static func skipTrivia(
        _ text: UnsafeMutableBufferPointer<CChar>, from offset: Int, to end: Int, semicolons: Bool = false
    ) -> Int {
        var i = offset
        while i < end {
            let c = UInt8(bitPattern: text[i])
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || (semicolons && c == 0x3B) {
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

}
