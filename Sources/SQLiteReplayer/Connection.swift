import CSQLite3
import Foundation

/// An error reported by SQLite: its result code and message.
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    public let code: Int32
    public let message: String
    public var description: String { message }
}

/// One open SQLite database connection (the C handle, closed on `close()` or deinit).
final class Connection {
    private(set) var handle: OpaquePointer?

    /// Opens (or creates, with `create`) the database file at `path`.
    init(path: String, create: Bool = false) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: "cannot open \(path): \(message)")
        }
        handle = db
    }

    /// Opens an in-memory database holding a copy of a database file's bytes (`sqlite3_deserialize`).
    init(image: Data) throws(SQLiteError) {
        var db: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db,
            let buffer = sqlite3_malloc64(UInt64(image.count))
        else {
            sqlite3_close(db)
            throw SQLiteError(code: SQLITE_NOMEM, message: "cannot open an in-memory database")
        }
        image.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: image.count) }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        let rc = sqlite3_deserialize(
            db, "main", buffer.assumingMemoryBound(to: UInt8.self), Int64(image.count), Int64(image.count), flags)
        guard rc == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close(db)
            throw SQLiteError(code: rc, message: "cannot load the database image: \(message)")
        }
        handle = db
    }

    deinit { close() }

    /// Closes the connection; in WAL mode this checkpoints, so a timed replay includes it.
    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// The most recent error message.
    var errorMessage: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "connection closed" }

    /// Runs one statement to completion; returns the first column of its first row, if any, as text.
    @discardableResult
    func execute(_ sql: String) throws(SQLiteError) -> String? {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK else { throw SQLiteError(code: prepared, message: errorMessage) }
        defer { sqlite3_finalize(statement) }
        var first: String?
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_ROW {
                if first == nil, let text = sqlite3_column_text(statement, 0) { first = String(cString: text) }
            } else if rc == SQLITE_DONE {
                return first
            } else {
                throw SQLiteError(code: rc, message: errorMessage)
            }
        }
    }

    /// A `sqlite3_db_status` counter (current value).
    func status(_ op: Int32) -> Int64 {
        var current: Int32 = 0, highwater: Int32 = 0
        sqlite3_db_status(handle, op, &current, &highwater, 0)
        return Int64(current)
    }

    /// The version of the linked SQLite library, e.g. "3.40.1".
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
