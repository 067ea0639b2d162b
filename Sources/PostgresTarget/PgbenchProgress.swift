import Foundation
import TuningKit

/// pgbench's progress reports during a run (`-P 1`, one line a second on its error output:
/// `progress: 2.0 s, 1234.5 tps, lat 3.240 ms stddev 1.102, 0 failed`): the running throughput and latency
/// that early abort judges a run by.
struct PgbenchProgress {
    /// Seconds into the run, transactions per second and mean latency (ms) of each report's interval.
    private(set) var seconds: [Double] = [], throughput: [Double] = [], latency: [Double] = []

    /// Takes lines of pgbench's error output; lines that are not progress reports are ignored.
    mutating func read(_ text: String) {
        for line in text.split(separator: "\n") where line.hasPrefix("progress: ") {
            guard let at = PgbenchRun.number(after: "progress: ", in: String(line)),
                let tps = PgbenchRun.number(after: "s, ", in: String(line))
            else { continue }
            seconds.append(at)
            throughput.append(tps)
            latency.append(PgbenchRun.number(after: "lat ", in: String(line)) ?? .nan)
        }
    }

    /// The mean throughput over the reports so far (transactions per second).
    var meanThroughput: Double? { Statistics.mean(throughput) }

    /// The mean latency over the reports so far, each weighted by its transactions (milliseconds).
    var meanLatency: Double? {
        let pairs = zip(throughput, latency).filter { $1.isFinite }
        let count = pairs.map(\.0).reduce(0, +)
        return count > 0 ? pairs.map { $0 * $1 }.reduce(0, +) / count : nil
    }
}

/// When a timed pgbench run is hopeless (manifest key `early_abort` of `postgres`): once `after` seconds of it
/// have been reported, and its per-second reports' 95% interval of the mean lies wholly past a bound taken
/// from the run's incumbent (below half its throughput, or above twice its mean latency), the run is stopped
/// and the trial recorded as aborted with its interim figures.
struct PgbenchAbort: Equatable {
    /// Seconds into the timed run before it may be stopped (a quarter of its duration).
    var after: Double
    /// Stop below this throughput (transactions per second)...
    var minThroughput: Double?
    /// ... or above this mean latency (milliseconds).
    var maxLatencyMs: Double?

    /// The rule for a run of `duration` seconds against `incumbent` (nil when it has no figure to compare).
    init?(duration: Int, incumbent: TuningKit.Measurement, target: PostgresEnvironment.Target) {
        after = Double(duration) / 4
        switch target {
        case .throughput:
            guard let value = incumbent.throughput, value > 0 else { return nil }
            minThroughput = value / 2
        case .latencyMean, .latencyP95, .latencyP99:
            guard let value = incumbent.latencyMean, value > 0 else { return nil }
            maxLatencyMs = value * 2
        }
    }

    /// True when the reports so far show the run hopeless (at least two reports, `after` seconds in).
    func hopeless(_ progress: PgbenchProgress) -> Bool {
        guard let last = progress.seconds.last, last >= after, progress.throughput.count >= 2 else { return false }
        if let minThroughput, let interval = Self.interval(progress.throughput), interval.upper < minThroughput {
            return true
        }
        if let maxLatencyMs, let interval = Self.interval(progress.latency.filter(\.isFinite)),
            interval.lower > maxLatencyMs
        {
            return true
        }
        return false
    }

    /// The normal 95% interval of the mean of `values` (mean -+ 1.96 s / sqrt(n)); nil for fewer than two.
    static func interval(_ values: [Double]) -> (lower: Double, upper: Double)? {
        guard values.count >= 2, let mean = Statistics.mean(values),
            let deviation = Statistics.standardDeviation(values)
        else { return nil }
        let half = 1.96 * deviation / Double(values.count).squareRoot()
        return (mean - half, mean + half)
    }
}
