import Campaigns
@preconcurrency import Dispatch
import Foundation
import TuningKit

/// SIGINT, SIGTERM and SIGHUP (a closed terminal or SSH session) ask the work in progress to stop (a
/// campaign after the trials in flight, a real database's evaluation at once); a second one stops the
/// database servers a trial started and exits at once (every recorded trial is already on disk as whole
/// rows). SIGPIPE is ignored, so that a message to a terminal that is gone cannot end the process before it
/// has stopped what it started.
final class StopOnSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    /// Signals so far; changed only on `queue`, one handler at a time.
    private var received = 0
    private let queue = DispatchQueue(label: "satune.signals")

    /// A campaign: no new trial starts, evaluations on real systems are interrupted.
    convenience init(_ control: RunControl) {
        self.init(saying: "stopping after the trials in flight") { control.requestStop() }
    }

    /// One environment evaluating on this thread (`try`, `calibrate`, `crosscheck`).
    convenience init(_ environments: [any Environment]) {
        nonisolated(unsafe) let environments = environments  // interrupt() is made for another thread
        self.init(saying: "stopping the evaluation") { for environment in environments { environment.interrupt() } }
    }

    /// Whether a stop signal has come: an error thrown since is the interruption's, not a failure.
    var signalled: Bool { queue.sync { received > 0 } }

    init(saying message: String, stop: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                received += 1
                if received > 1 {
                    FileHandleOutput.standardError.write("\nstopped at once; the recorded trials are kept\n")
                    EmergencyStop.runAll()  // database servers started for a trial
                    _exit(130)
                }
                FileHandleOutput.standardError.write("\n\(message) (again to quit at once)...\n")
                stop()
            }
            source.resume()
            sources.append(source)
        }
    }
}
