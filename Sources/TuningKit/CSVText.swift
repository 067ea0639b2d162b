import Foundation

/// CSV as satune writes and reads it (RFC 4180): a field is quoted when it holds a comma, a double quote,
/// CR or LF, with its quotes doubled; rows end with LF.
///
/// The reader is strict and knows where each row starts, which a results folder needs and lenient
/// readers (CSV.swift among them) do not give: a file cut short by `kill -9` or a full disk ends in a
/// row without its line end (or inside a quoted field), which is returned apart as `partialTail`
/// so that a resume can drop it; any other malformed row is an error naming its line.
public enum CSVText {
    /// One CSV line, with its line end, for these fields.
    public static func line(_ fields: [String]) -> String {
        var out = ""
        out.reserveCapacity(fields.count * 12)
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(",") }
            append(field, to: &out)
        }
        out.append("\n")
        return out
    }

    /// Appends one field, quoted if it needs to be.
    public static func append(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { $0 == comma || $0 == quote || $0 == lf || $0 == cr }
        guard needsQuotes else { return out.append(field) }
        out.append("\"")
        out.append(field.replacingOccurrences(of: "\"", with: "\"\""))
        out.append("\"")
    }

    /// A parsed file: its header, its whole rows with the line each starts on, and a last row that was
    /// cut short, if any.
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// The 1-based line on which each row starts.
        public var lines: [Int]
        /// A last row without its line end: the line it starts on.
        public var partialTail: Int?
        /// Bytes up to the end of the last whole row: where an appender continues after dropping the tail.
        public var wholeLength: Int
    }

    /// A malformed CSV file: which line, and what is wrong.
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file): line \(line): \(message)" }

        public init(file: String, line: Int, message: String) {
            (self.file, self.line, self.message) = (file, line, message)
        }
    }

    /// Reads a CSV file whose first row is its header; `name` names it in errors.
    public static func read(_ url: URL, name: String? = nil) throws -> Table {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw PlainError("cannot read \(url.path): it is a folder, not a file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Files.cannotRead(url, error)
        }
        return try parse(data, file: name ?? url.path)
    }

    /// Parses CSV bytes (UTF-8) whose first row is the header.
    public static func parse(_ data: Data, file: String) throws -> Table {
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var rows: [[String]] = [], lines: [Int] = []
            var position = 0, line = 1, wholeLength = 0
            var partialTail: Int?
            while position < bytes.count {
                let startLine = line, start = position
                switch try scanRow(bytes, from: &position, line: &line, file: file) {
                case .whole(let fields):
                    rows.append(fields)
                    lines.append(startLine)
                    wholeLength = position
                case .cut:
                    if let width = rows.first?.count, swallowsRows(bytes, from: start, width: width) {
                        throw FormatError(
                            file: file, line: startLine,
                            message: "a double quote opens a field that never closes, "
                                + "so the rows after it would be lost; remove the stray quote (satune does not cut "
                                + "the file)"
                        )
                    }
                    partialTail = startLine
                }
            }
            guard !rows.isEmpty else {
                if let partialTail {
                    throw FormatError(file: file, line: partialTail, message: "the header row has no line end")
                }
                return Table(header: [], rows: [], lines: [], partialTail: nil, wholeLength: 0)
            }
            let header = rows.removeFirst()
            lines.removeFirst()
            return Table(header: header, rows: rows, lines: lines, partialTail: partialTail, wholeLength: wholeLength)
        }
    }

    private enum Scanned { case whole([String]), cut }

    /// True when the unfinished row starting at `start` holds whole lines that are rows of their own (the
    /// header's `width` fields, no quotes): a stray quote swallowed them, whereas a write cut short leaves
    /// only the beginning of one row.
    private static func swallowsRows(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, width: Int) -> Bool {
        var lineStart = start
        var first = true
        for i in start..<bytes.count where bytes[i] == lf {
            defer { lineStart = i + 1 }
            if first {
                first = false
                continue
            }  // the line the unfinished row starts on
            let line = bytes[lineStart..<i]
            if !line.contains(quote), line.filter({ $0 == comma }).count == width - 1 { return true }
        }
        return false
    }

    /// Scans one row from `position`; `.cut` when the data ends before the row's line end.
    private static func scanRow(
        _ bytes: UnsafeBufferPointer<UInt8>, from position: inout Int, line: inout Int, file: String
    ) throws -> Scanned {
        var fields: [String] = []
        var i = position
        while true {
            if i < bytes.count, bytes[i] == quote {
                // A quoted field: up to the closing quote, "" standing for one quote.
                var field: [UInt8] = []
                i += 1
                while true {
                    guard i < bytes.count else {
                        position = bytes.count
                        return .cut
                    }
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b == lf { line += 1 }
                    field.append(b)
                    i += 1
                }
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                let start = i
                while i < bytes.count, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    if bytes[i] == quote {
                        throw FormatError(file: file, line: line, message: "a double quote inside an unquoted field")
                    }
                    i += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            }
            guard i < bytes.count else {
                position = bytes.count
                return .cut
            }
            switch bytes[i] {
            case comma:
                i += 1
            case cr where i + 1 < bytes.count && bytes[i + 1] == lf:
                position = i + 2
                line += 1
                return .whole(fields)
            case lf:
                position = i + 1
                line += 1
                return .whole(fields)
            case cr:
                position = bytes.count
                return .cut
            default:
                throw FormatError(file: file, line: line, message: "text after a quoted field's closing quote")
            }
        }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"),
        cr = UInt8(ascii: "\r")

    /// Writes a whole table of derived figures at once, replacing the file atomically (a temporary file,
    /// then a rename; not flushed to the disk, since it is rebuilt from the records at will).
    public static func write(_ url: URL, header: [String], rows: [[String]]) throws {
        var text = line(header)
        for row in rows { text += line(row) }
        try Files.writeAtomically(Data(text.utf8), to: url, durable: false)
    }
}
