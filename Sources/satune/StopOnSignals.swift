@preconcurrency import Dispatch
import Experiments
import Foundation

/// SIGINT and SIGTERM ask the campaign to stop after the trials in flight; a second one exits at once
/// (every recorded trial is already on disk as whole rows).
final class StopOnSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    /// Signals so far; changed only on `queue`, one handler at a time.
    private var received = 0
    private let queue = DispatchQueue(label: "satune.signals")

    init(_ control: RunControl) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                received += 1
                if received > 1 {
                    FileHandleOutput.standardError.write("\nstopped at once; the recorded trials are kept\n")
                    _exit(130)
                }
                FileHandleOutput.standardError.write(
                    "\nstopping after the trials in flight (again to quit at once)...\n")
                control.requestStop()
            }
            source.resume()
            sources.append(source)
        }
    }
}
