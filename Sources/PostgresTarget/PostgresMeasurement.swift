import TuningKit

/// The measurement of one configuration from its timed pgbench runs: the median of each figure, the
/// throughput's coefficient of variation, and how many busy runs were repeated.
enum PostgresMeasurement {
    /// The internal metrics, in order: the statistics views' differences over a timed run
    /// (`ServerCounters.statisticNames`), the buffer hit ratio, the CPU seconds of the server's processes
    /// and of pgbench, the bytes the server's processes read and wrote and those of the data directory's
    /// disk, failed transactions, the other processes' share of the cores, the throughput's CV over the
    /// runs, and the repeated busy runs.
    static let metricNames =
        ServerCounters.statisticNames + [
            "buffer_hit_ratio", "server_cpu_s", "pgbench_cpu_s", "server_read_bytes", "server_write_bytes",
            "disk_read_bytes", "disk_write_bytes",
            "failed_transactions", "other_load", "throughput_cv", "busy_runs",
        ]

    /// The median of each figure over the runs (one aborted run: its interim figures, marked aborted).
    static func summarize(_ runs: [PgbenchRun], busyRuns: Int, target: PostgresEnvironment.Target) -> Measurement {
        func median(_ figure: (PgbenchRun) -> Double) -> Double { Statistics.median(runs.map(figure)) ?? .nan }
        func latency(_ q: Double) -> Double { median { Statistics.sortedQuantile($0.latencies, q) ?? .nan } }
        let statistics = ServerCounters.statisticNames.indices.map { i in median { $0.statistics[i] } }
        let read = statistics[ServerCounters.statisticNames.firstIndex(of: "blks_read")!]
        let hit = statistics[ServerCounters.statisticNames.firstIndex(of: "blks_hit")!]
        let metrics =
            statistics + [
                read + hit > 0 ? hit / (read + hit) : 1, median(\.serverCPU), median(\.pgbenchCPU),
                median(\.serverRead), median(\.serverWrite), median(\.diskRead), median(\.diskWrite),
                median { Double($0.failedTransactions) },
                median(\.otherLoad), Statistics.coefficientOfVariation(runs.map(\.throughput)) ?? 0, Double(busyRuns),
            ]
        let throughput = median(\.throughput)
        let mean = median { Statistics.mean($0.latencies) ?? $0.progressLatencyMs ?? .nan }
        let (p50, p95, p99) = (latency(0.5), latency(0.95), latency(0.99))
        let objective: Double =
            switch target {
            case .throughput: throughput
            case .latencyMean: mean
            case .latencyP95: p95
            case .latencyP99: p99
            }
        guard objective.isFinite, throughput > 0 else {
            return .failure("pgbench completed no transaction")
        }
        var measurement = Measurement(
            objective: objective, throughput: throughput, latencyMean: mean, latencyP50: p50.finite,
            latencyP95: p95.finite, latencyP99: p99.finite, metrics: metrics)
        measurement.aborted = runs.contains(where: \.aborted)
        return measurement
    }
}

extension Double {
    /// The value, or nil when it is not finite (a percentile of no latencies).
    fileprivate var finite: Double? { isFinite ? self : nil }
}
