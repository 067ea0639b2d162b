import CSV
import Foundation

/// CSV files as satune writes and reads them: RFC 4180 quoting by CSV.swift, LF line ends.
public enum CSVFile {
    /// One CSV line (with its line end) for these fields.
    public static func line(_ fields: [String]) throws -> String {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream)
        writer.beginNewRow()
        for field in fields { try writer.write(field: field) }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The header and rows of a CSV file.
    public static func read(_ url: URL) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return (reader.headerRow ?? [], rows)
    }

    /// Writes a whole table at once, replacing the file.
    public static func write(_ url: URL, header: [String], rows: [[String]]) throws {
        let text = try ([header] + rows).map(line).joined()
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// Appends rows to a CSV file as they are produced: each row goes to the file in a single write,
/// so a crash or Ctrl-C leaves only whole rows behind.
public final class CSVAppender {
    private let handle: FileHandle

    /// Creates (or truncates) the file and writes the header.
    public init(_ url: URL, header: [String]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        try append(header)
    }

    public func append(_ fields: [String]) throws {
        try handle.write(contentsOf: Data(CSVFile.line(fields).utf8))
    }

    /// Flushes the file to disk.
    public func sync() throws { try handle.synchronize() }

    deinit { try? handle.close() }
}

/// How numbers appear in satune's CSV files: Swift's shortest round-trip form, empty for missing values.
public func csvField(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return String(value)
}
