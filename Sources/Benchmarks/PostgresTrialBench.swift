import Foundation
import PostgresTarget
import TuningKit

/// `satune bench postgres`: what one trial on the real server costs beyond the workload's own time: the copy
/// of the pristine data directory, the start, the settings read back, the counters, the stop and the clean-up,
/// around pgbench's timed run (tpcb-like at scale 10, 4 clients, `duration` seconds, no warm-up).
public enum PostgresTrialBench {
    public static func run(trials: Int, duration: Int, report: FigureSink) throws {
        var workload = PgbenchWorkload(script: .builtIn("tpcb-like"))
        workload.duration = duration
        var options = PostgresEnvironment.Options()
        options.warmup = 0
        options.busyRetries = 0
        let env = try PostgresEnvironment(workload: workload, options: options)  // builds the pristine cluster once
        var totals: [Double] = [], throughput: [Double] = []
        for trial in 0..<trials {
            let started = ContinuousClock.now
            let measurement = try env.evaluate(env.defaultConfiguration, trial: trial)
            totals.append((ContinuousClock.now - started).seconds)
            if let reason = measurement.failureReason { throw PostgresError("a trial failed: \(reason)") }
            throughput.append(measurement.throughput ?? 0)
        }
        let overheads = totals.map { $0 - Double(duration) }
        report(Figure("trials", Double(trials)))
        report(Figure("pgbench_s", Double(duration)))
        report(Figure("trial_s_median", Statistics.median(totals)!))
        report(Figure("trial_overhead_s_median", Statistics.median(overheads)!))
        report(Figure("trial_overhead_s_max", overheads.max()!))
        report(Figure("throughput_tps_median", Statistics.median(throughput)!))
    }
}
