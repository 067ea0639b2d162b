import Foundation

/// Last-moment clean-up of processes an environment started outside this process (a database server),
/// for the one path that cannot unwind: an immediate exit on a second Ctrl-C. Environments register a
/// closure while such a process runs and remove it when they have stopped it themselves; `runAll` calls
/// what is registered. Closures must be quick and must not take locks an interrupted thread may hold.
public enum EmergencyStop {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var actions: [Int: @Sendable () -> Void] = [:]
    nonisolated(unsafe) private static var next = 0

    /// Registers `action`; the returned token removes it.
    public static func register(_ action: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        actions[next] = action
        return next
    }

    /// Removes a registered action.
    public static func remove(_ token: Int) {
        lock.lock()
        defer { lock.unlock() }
        actions[token] = nil
    }

    /// Runs every registered action (before an immediate exit).
    public static func runAll() {
        lock.lock()
        let pending = Array(actions.values)
        actions = [:]
        lock.unlock()
        for action in pending { action() }
    }
}
