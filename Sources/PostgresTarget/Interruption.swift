import Foundation
import Synchronization
import TuningKit

/// A request from another thread (Ctrl-C) to stop the program satune is waiting for.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    var requested: Bool { flag.load(ordering: .relaxed) }
    func request() { flag.store(true, ordering: .relaxed) }

    /// True when an interruption is requested within `seconds` (a stop signal reaches satune and the programs
    /// it runs at about the same moment: a program that failed may have failed of it).
    func comes(within seconds: Double) -> Bool {
        let deadline = monotonicNanoseconds() + UInt64(max(seconds, 0) * 1e9)
        while !requested && monotonicNanoseconds() < deadline { usleep(10_000) }
        return requested
    }
}
