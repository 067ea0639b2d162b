import Foundation
import Results
import TuningKit

/// A trial and its position in the feed (0, 1, ...): the `id` of its server-sent event.
struct IndexedTrial: Sendable {
    let index: Int
    let record: TrialRecord
}

/// Follows a results folder's `trials.csv` while `satune run` (in this or another process) appends to it:
/// every poll reads the bytes added since the last one, parses the whole rows among them, and hands each
/// new row to every subscriber. A file replaced or cut shorter (the runner rewrites it in canonical order
/// when a campaign completes) is read again from the start; rows already seen, by run and step, are not
/// sent twice. Rows are only read, never written.
actor TrialFeed {
    let folder: ResultsFolder
    let info: RunInfo
    /// Every row read, in the order they were read.
    private(set) var records: [TrialRecord] = []
    /// What went wrong on the last read, in words (shown on the page); nil when it went well.
    private(set) var problem: String?
    private var seen: Set<String> = []
    private var schema: TrialSchema?
    private var headerLine = ""
    private var offset = 0
    private var fileNumber: UInt64?
    private var subscribers: [Int: AsyncStream<[IndexedTrial]>.Continuation] = [:]
    private var nextSubscriber = 0

    init(folder: ResultsFolder) throws {
        self.folder = folder
        info = try RunInfo.read(from: folder.url)
    }

    /// Reads the rows appended since the last poll and sends them to the subscribers.
    func poll() {
        let url = folder.trials
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else { return }
        let number = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        if number != fileNumber || size < offset {  // a new file, or rewritten: read it again
            (fileNumber, offset, schema) = (number, 0, nil)
        }
        guard size > offset, let handle = try? FileHandle(forReadingFrom: url) else { return }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: UInt64(offset))
            guard let data = try handle.readToEnd(), !data.isEmpty else { return }
            let prefix = schema == nil ? Data() : Data(headerLine.utf8)
            let table = try CSVText.parse(prefix + data, file: url.path)
            if schema == nil {
                guard let parsed = TrialSchema(header: table.header) else {
                    problem = "\(url.path) does not start with a trials header"
                    return
                }
                (schema, headerLine) = (parsed, CSVText.line(table.header))
            }
            let fresh = try table.rows.indices.compactMap { i -> IndexedTrial? in
                let record = try schema!.record(table.rows[i], file: url.path, line: table.lines[i])
                guard seen.insert(Self.key(record)).inserted else { return nil }
                records.append(record)
                return IndexedTrial(index: records.count - 1, record: record)
            }
            offset += table.wholeLength - prefix.count
            problem = nil
            if !fresh.isEmpty { for subscriber in subscribers.values { subscriber.yield(fresh) } }
        } catch {
            problem = PlainError.describe(error)
        }
    }

    /// Sends nothing to every subscriber: an event stream writes a comment, which tells a closed
    /// connection from an open one.
    func heartbeat() { for subscriber in subscribers.values { subscriber.yield([]) } }

    /// The rows from `index` on (those read already at once), then each new one as it is read.
    func subscribe(from index: Int) -> AsyncStream<[IndexedTrial]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [IndexedTrial].self)
        let start = min(max(index, 0), records.count)
        if start < records.count {
            continuation.yield(records.indices[start...].map { IndexedTrial(index: $0, record: records[$0]) })
        }
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// Ends every subscription (the server is stopping): the event streams finish their responses.
    func closeAll() {
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers = [:]
    }

    var subscriberCount: Int { subscribers.count }

    private static func key(_ record: TrialRecord) -> String {
        "\(record.environment)\u{1F}\(record.agent)\u{1F}\(record.seed)\u{1F}\(record.step)"
    }
}
