import Foundation

/// Values computed once per key and process, shared by every thread: a surface's optimum, a workload's
/// validation. A value is computed under the lock, so two threads asking for one key compute it once.
public final class ProcessCache<Value>: @unchecked Sendable {  // the dictionary is only touched under the lock
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    public init() {}

    /// The value for `key`, computing it on first use; an error is not cached.
    public func value(for key: String, compute: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] { return value }
        let value = try compute()
        values[key] = value
        return value
    }
}
