import Foundation
import Synchronization

/// A request from another thread (Ctrl-C) to stop the program satune is waiting for.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    var requested: Bool { flag.load(ordering: .relaxed) }
    func request() { flag.store(true, ordering: .relaxed) }

    /// True when an interruption is requested within `seconds` (a stop signal reaches satune and the programs
    /// it runs at about the same moment: a program that failed may have failed of it).
    func comes(within seconds: Double) -> Bool {
        let deadline = monotonicSeconds() + seconds
        while !requested && monotonicSeconds() < deadline { usleep(10_000) }
        return requested
    }

    private func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
