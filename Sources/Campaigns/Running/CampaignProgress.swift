import Foundation
import Logging
import Results
import TuningKit

/// What a running campaign tells its user: on a terminal one progress line, rewritten in place (cells
/// done, trials per second, time left, the best of the last finished run); otherwise one log line per
/// finished run, so that a log file or CI output stays readable.
public final class CampaignProgress: @unchecked Sendable {
    public enum Style: Sendable {
        /// One line on standard error, rewritten at most five times a second.
        case line
        /// A log line per finished cell.
        case log
        /// Nothing.
        case quiet
    }

    private let style: Style
    private let logger: Logger
    private let lock = NSLock()
    private var cellsTotal = 0, cellsDone = 0, cellsRunning = 0, jobs = 1
    private var trialsExpected = 0, trialsDone = 0, trialsThisSession = 0
    /// Per (environment, agent): trials left, and the seconds and count of this session's trials.
    private var pairs: [String: (left: Int, seconds: Double, count: Int)] = [:]
    private var started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var lastBest = ""

    public init(style: Style, logger: Logger = Logger(label: "satune.run")) {
        self.style = style
        self.logger = logger
    }

    /// The style for standard error: a progress line on a terminal, log lines otherwise.
    public static var standardErrorStyle: Style { isatty(STDERR_FILENO) == 1 ? .line : .log }

    /// `left` counts the trials each (environment, agent) pair still has to run.
    func begin(cells: Int, cellsDone: Int, trialsExpected: Int, trialsDone: Int, left: [(CellKey, Int)], jobs: Int) {
        lock.withLock {
            cellsTotal = cells
            self.cellsDone = cellsDone
            self.trialsExpected = trialsExpected
            self.trialsDone = trialsDone
            self.jobs = max(1, jobs)
            for (key, count) in left { pairs[Self.pair(key), default: (0, 0, 0)].left += count }
            started = ContinuousClock.now
        }
    }

    private static func pair(_ key: CellKey) -> String { key.environment + "\u{1F}" + key.agent }

    /// A warning, on a line of its own, at once (the run may take hours).
    func warn(_ text: String) {
        guard style != .quiet else { return }
        logger.warning("\(text)")
    }

    /// A fact worth a line of its own (a noise floor measured).
    func note(_ text: String) {
        guard style != .quiet else { return }
        logger.info("\(text)")
    }

    func cellStarted() { lock.withLock { cellsRunning += 1 } }

    /// A trial of `key` done, which took `seconds` in the agent and the evaluation.
    func trialRecorded(_ key: CellKey, seconds: Double) {
        lock.lock()
        trialsDone += 1
        trialsThisSession += 1
        let pair = Self.pair(key)
        pairs[pair, default: (0, 0, 0)].left -= 1
        pairs[pair]!.seconds += seconds
        pairs[pair]!.count += 1
        guard style == .line else { return lock.unlock() }
        let now = ContinuousClock.now
        let draw = now - lastDrawn > .milliseconds(200)
        if draw { lastDrawn = now }
        let text = draw ? line(now) : nil
        lock.unlock()
        if let text { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8)) }
    }

    func cellFinished(_ key: CellKey, outcome: CellRun.Outcome, objective: Objective?) {
        lock.lock()
        cellsRunning -= 1
        if outcome.complete { cellsDone += 1 }
        let best =
            outcome.best.map {
                String(format: "%.4g", $0) + (objective.map { $0.unit.isEmpty ? "" : " " + $0.unit } ?? "")
            } ?? "none"
        lastBest = "\(best) (\(key))"
        let counter = "[\(cellsDone)/\(cellsTotal)]"
        lock.unlock()
        switch style {
        case .quiet: break
        case .line: redraw()
        case .log:
            if let error = outcome.error {
                logger.error("\(counter) \(key) stopped: \(error)")
            } else if outcome.complete {
                logger.info("\(counter) \(key): best \(best)")
            }
        }
    }

    /// Ends the progress line, so that what follows starts on a line of its own.
    func end() {
        guard style == .line else { return }
        redraw()
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func redraw() {
        guard style == .line else { return }
        let text = lock.withLock { line(ContinuousClock.now) }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    /// "cells 12/40 (2 running) · 1234 trials · 850/s · 0:42 left · best 12.3 ms (...)"; call under the lock.
    private func line(_ now: ContinuousClock.Instant) -> String {
        let seconds = max((now - started).seconds, 1e-9)
        let rate = Double(trialsThisSession) / seconds
        let left = timeLeft().map { Duration.clockText(seconds: $0) } ?? "?"
        var text =
            "cells \(cellsDone)/\(cellsTotal) (\(cellsRunning) running) · \(trialsDone)/\(trialsExpected) trials · "
            + String(format: "%.0f/s", rate) + " · \(left) left"
        if !lastBest.isEmpty { text += " · last best \(lastBest)" }
        return String(text.prefix(160))
    }

    /// The trials left of each pair times that pair's seconds per trial so far (the average of all pairs
    /// for a pair not started), over the jobs; nil before any trial of this session.
    private func timeLeft() -> Double? {
        let total = pairs.values.reduce((seconds: 0.0, count: 0)) { ($0.seconds + $1.seconds, $0.count + $1.count) }
        guard total.count > 0 else { return nil }
        let overall = total.seconds / Double(total.count)
        let work = pairs.values.reduce(0.0) { sum, p in
            sum + Double(max(p.left, 0)) * (p.count > 0 ? p.seconds / Double(p.count) : overall)
        }
        return work / Double(max(1, min(jobs, cellsTotal - cellsDone)))
    }

}
