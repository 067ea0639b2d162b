import Foundation
import TuningKit

/// A trial's database: a fresh copy of the pristine database for the configuration's build knobs (a file,
/// or an in-memory image), a connection to it with the run-time knobs applied and every knob read back, and
/// the copy removed afterwards, whatever happens.
struct TrialDatabase {
    let script: WorkloadScript
    let store: PristineStore
    let setupTimeout: Double
    let interruption: Interruption

    /// Runs `body` on a configured connection to a fresh copy.
    func run<T>(values: [String: KnobValue], on medium: Replayer.Medium = .file, _ body: (Connection) throws -> T)
        throws -> T
    {
        let pristine = try store.database(
            for: script, values: values, setupTimeout: setupTimeout, interruption: interruption)
        switch medium {
        case .file:
            let copy = try store.copy(pristine)
            defer { PristineStore.remove(copy) }
            return try configured(Connection(path: copy.path), values, readBack: Set(values.keys), body)
        case .memory:
            guard let image = FileManager.default.contents(atPath: pristine.path) else {
                throw SQLiteError(code: 0, message: "cannot read \(pristine.path)")
            }
            // An in-memory image has no file to map: mmap_size does not apply (and reads back nothing).
            return try configured(
                Connection(image: image), values, readBack: Set(values.keys).subtracting(["mmap_size"]), body)
        }
    }

    /// Applies the run-time knobs to a fresh connection, checks that every knob reads back as set (a knob
    /// SQLite silently ignored or capped would measure one configuration and record another), runs
    /// `body` on it, and closes it.
    private func configured<T>(
        _ connection: Connection, _ values: [String: KnobValue], readBack: Set<String>, _ body: (Connection) throws -> T
    ) throws -> T {
        defer { connection.close() }
        for pragma in SQLiteKnobs.pragmas(values) { try connection.execute(pragma) }
        for (name, wanted) in values.sorted(by: { $0.key < $1.key }) where readBack.contains(name) {
            let answer = try connection.execute("PRAGMA \(name)")
            guard let seen = SQLiteKnobs.readBack(name, answer), seen == wanted.description.uppercased() else {
                throw ReplayFailure(
                    reason: "\(name)=\(wanted) did not take effect: SQLite reads back \(answer ?? "nothing")")
            }
        }
        return try body(connection)
    }
}
