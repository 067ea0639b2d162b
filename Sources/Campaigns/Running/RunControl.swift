import Foundation
import Results
import Synchronization
import TuningKit

/// Stops a campaign cleanly from another thread (a Ctrl-C handler): no new trial starts, evaluations in
/// flight on real systems are interrupted and abandoned (simulated ones simply finish), and the runner
/// returns with what was recorded.
public final class RunControl: Sendable {
    private let stop = Atomic<Bool>(false)
    private let running = Mutex<[ObjectIdentifier: Running]>([:])

    /// An environment evaluating now, held so that `requestStop` can interrupt it.
    private struct Running: @unchecked Sendable { let environment: any Environment }

    public init() {}

    public var stopRequested: Bool { stop.load(ordering: .relaxed) }

    /// Asks the campaign to stop after the trials in flight.
    public func requestStop() {
        stop.store(true, ordering: .relaxed)
        let environments = running.withLock { Array($0.values) }
        for entry in environments { entry.environment.interrupt() }
    }

    func started(_ environment: any Environment) {
        running.withLock { $0[ObjectIdentifier(environment)] = Running(environment: environment) }
        if stopRequested { environment.interrupt() }
    }

    func finished(_ environment: any Environment) {
        _ = running.withLock { $0.removeValue(forKey: ObjectIdentifier(environment)) }
    }
}
