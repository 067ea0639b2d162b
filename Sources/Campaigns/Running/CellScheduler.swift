import Foundation
import Results

/// Runs cells on up to `jobs` threads, taking them in order. A timing-sensitive cell (a real database)
/// runs alone: it waits until no other cell runs, and no cell starts while it runs, so that no other
/// work disturbs its timings, whatever `jobs` says.
enum CellScheduler {
    static func run(
        _ cells: [Campaign.Cell], jobs: Int, control: RunControl, body: @escaping @Sendable (Campaign.Cell) -> Void
    ) {
        let queue = Queue(cells)
        let workers = max(1, min(jobs, cells.count))
        if workers == 1 {
            queue.work(control: control, body: body)
            return
        }
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                queue.work(control: control, body: body)
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
    }

    /// The cells not yet started, and what is running, under one condition variable.
    private final class Queue: @unchecked Sendable {
        private let cells: [Campaign.Cell]
        private let condition = NSCondition()
        private var next = 0
        private var running = 0
        private var exclusive = false

        init(_ cells: [Campaign.Cell]) { self.cells = cells }

        func work(control: RunControl, body: (Campaign.Cell) -> Void) {
            while let cell = take(control) {
                body(cell)
                condition.lock()
                running -= 1
                if cell.timingSensitive { exclusive = false }
                condition.broadcast()
                condition.unlock()
            }
        }

        /// The next cell once it may start, or nil when there is none or the campaign is stopping.
        private func take(_ control: RunControl) -> Campaign.Cell? {
            condition.lock()
            defer { condition.unlock() }
            while true {
                guard next < cells.count, !control.stopRequested else { return nil }
                let cell = cells[next]
                if cell.timingSensitive ? running == 0 : !exclusive {
                    next += 1
                    running += 1
                    if cell.timingSensitive { exclusive = true }
                    return cell
                }
                condition.wait()
            }
        }
    }
}
