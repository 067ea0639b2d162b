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
    /// Where a long build of the pristine database says how far it has come.
    var progress: (@Sendable (String) -> Void)? = nil

    /// Runs `body` on a configured connection to a fresh copy.
    func run<T>(values: [String: KnobValue], on medium: Replayer.Medium = .file, _ body: (Connection) throws -> T)
        throws -> T
    {
        let pristine = try store.database(
            for: script, values: values, setupTimeout: setupTimeout, interruption: interruption, progress: progress)
        switch medium {
        case .file:
            let copy = try store.copy(pristine)
            defer { PristineStore.remove(copy) }
            return try configured(
                Connection(path: copy.path), values, readBack: Self.readable(values, on: medium), body)
        case .memory:
            guard let image = FileManager.default.contents(atPath: pristine.path) else {
                throw SQLiteError(code: 0, message: "cannot read \(pristine.path)")
            }
            // An in-memory image has no file to map: mmap_size does not apply (and reads back nothing).
            return try configured(Connection(image: image), values, readBack: Self.readable(values, on: medium), body)
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
        if let (name, wanted, answer) = try Self.firstNotInForce(values, readBack, on: connection) {
            throw ReplayFailure(reason: "\(name)=\(wanted) did not take effect: SQLite reads back \(answer)")
        }
        return try body(connection)
    }

    /// The knobs of `values` that can be read back on `medium`: all but `mmap_size` on an in-memory image,
    /// which has no file to map (and reads back nothing).
    static func readable(_ values: [String: KnobValue], on medium: Replayer.Medium) -> Set<String> {
        medium == .memory ? Set(values.keys).subtracting(["mmap_size"]) : Set(values.keys)
    }

    /// The first knob of `names` (in name order) whose value SQLite reads back differently from `values`, with
    /// the value wanted and SQLite's answer; nil when every one is in force.
    static func firstNotInForce(_ values: [String: KnobValue], _ names: Set<String>, on connection: Connection)
        throws -> (name: String, wanted: KnobValue, answer: String)?
    {
        for (name, wanted) in values.sorted(by: { $0.key < $1.key }) where names.contains(name) {
            let answer = try connection.execute("PRAGMA \(name)")
            guard let seen = SQLiteKnobs.readBack(name, answer), seen == wanted.description.uppercased() else {
                return (name, wanted, answer ?? "nothing")
            }
        }
        return nil
    }
}
