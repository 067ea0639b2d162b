import CSQLite3
import Synchronization
import TuningKit

/// A time limit on workload statements, checked by SQLite's progress handler every 1000 virtual-machine
/// steps, together with the replayer's interruption (Ctrl-C). When either fires, the statement running
/// stops with SQLITE_INTERRUPT and `explanation` says which limit it was.
final class Watchdog {
    /// Which limit, for messages.
    enum Limit {
        /// `setup_timeout`: building the pristine database from `@setup`.
        case setup(seconds: Double)
        /// `timeout`: the validating replay on the defaults, or a timed replay.
        case replay(seconds: Double, validating: Bool)

        var seconds: Double {
            switch self {
            case .setup(let s), .replay(let s, _): s
            }
        }
    }

    let limit: Limit
    private let deadline: UInt64
    private let interruption: Interruption
    private(set) var fired = false

    init(_ limit: Limit, interruption: Interruption) {
        self.limit = limit
        // A limit too long to count in nanoseconds (or not a number) never fires, rather than trapping.
        let nanoseconds = max(limit.seconds, 0) * 1e9
        let now = monotonicNanoseconds()
        deadline = nanoseconds < Double(UInt64.max - now) ? now + UInt64(nanoseconds) : .max
        self.interruption = interruption
    }

    /// Watches the statements of `connection` until `stop`.
    func watch(_ connection: Connection) {
        sqlite3_progress_handler(
            connection.handle, 1000,
            { context in
                Unmanaged<Watchdog>.fromOpaque(context!).takeUnretainedValue().check()
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    func stop(_ connection: Connection) { sqlite3_progress_handler(connection.handle, 0, nil, nil) }

    /// Nonzero (interrupt the statement) once the deadline has passed or an interruption was requested.
    private func check() -> Int32 {
        if monotonicNanoseconds() > deadline || interruption.requested { fired = true }
        return fired ? 1 : 0
    }

    /// Stopped by Ctrl-C rather than by the time limit.
    var interrupted: Bool { fired && interruption.requested }

    /// Why the statement stopped, e.g. "timed out: the setup time limit (setup_timeout 600 s) stopped
    /// this statement while building the pristine database".
    var explanation: String {
        switch limit {
        case .setup(let s):
            "timed out: the setup time limit (setup_timeout \(Self.show(s)) s) stopped this statement while "
                + "building the pristine database"
        case .replay(let s, let validating):
            "timed out: the replay time limit (timeout \(Self.show(s)) s) stopped this statement"
                + (validating ? " during the validating replay on the defaults" : "")
        }
    }

    static func show(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}

/// A flag one thread sets and a replaying thread reads.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    func request() { flag.store(true, ordering: .relaxed) }
    var requested: Bool { flag.load(ordering: .relaxed) }
}
