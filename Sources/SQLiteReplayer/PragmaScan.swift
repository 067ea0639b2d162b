import CSQLite3

extension WorkloadScript {
    /// The PRAGMA assignments (`PRAGMA name = value` or `PRAGMA name(value)`) of a section, as SQLite's parser
    /// reads them: each statement is compiled, not run, on an empty in-memory database, and the authorizer
    /// reports every PRAGMA by its parsed name, so that quoted names (`"synchronous"`, `[cache_size]`), a
    /// schema (`main.synchronous`) and comments anywhere are seen as SQLite sees them. Each assignment's
    /// name, in lower case, and line, in order; a statement that does not compile without the schema (most of
    /// them) is skipped. For checking a workload before building it.
    ///
    /// A section that does not mention `pragma` at all (in any case) has none, and is not compiled.
    func pragmaAssignments(in section: Range<Int>) -> [(pragma: String, line: Int)] {
        guard mentionsPragma(in: section), let connection = try? Connection(path: ":memory:", create: true) else {
            return []
        }
        let listener = PragmaListener()
        sqlite3_set_authorizer(
            connection.handle,
            { context, action, first, second, _, _ in
                if action == SQLITE_PRAGMA, second != nil, let first {
                    Unmanaged<PragmaListener>.fromOpaque(context!).takeUnretainedValue().names.append(
                        String(cString: first).lowercased())
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(listener).toOpaque())
        defer { withExtendedLifetime(listener) {} }
        var found: [(String, Int)] = []
        let base = UnsafePointer(text.baseAddress!)
        var offset = section.lowerBound
        while offset < section.upperBound {
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            listener.names = []
            let rc = sqlite3_prepare_v2(connection.handle, base + offset, -1, &statement, &tail)  // to the NUL
            sqlite3_finalize(statement)
            let start = Self.skipTrivia(text, from: offset, to: section.upperBound)
            found += listener.names.map { ($0, line(at: start)) }
            offset =
                rc == SQLITE_OK
                ? max(tail.map { $0 - base } ?? section.upperBound, offset + 1)
                : statementEnd(from: start, to: section.upperBound)
        }
        return found
    }

    /// True when the section's text holds "pragma" in any case (a cheap test before compiling it).
    private func mentionsPragma(in section: Range<Int>) -> Bool {
        let word = Array("pragma".utf8)
        var i = section.lowerBound
        while i + word.count <= section.upperBound {
            if UInt8(bitPattern: text[i]) | 0x20 == word[0] {
                var k = 1
                while k < word.count, UInt8(bitPattern: text[i + k]) | 0x20 == word[k] { k += 1 }
                if k == word.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// The PRAGMA names the authorizer saw while one statement compiled.
private final class PragmaListener {
    var names: [String] = []
}
