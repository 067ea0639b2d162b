import ArgumentParser
import Foundation
import Manifests
import PostgresTarget
import Results
import TuningKit

extension Satune {
    struct Crosscheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Measure the same configurations on the real PostgreSQL server and on the simulator, and say how well "
                + "the simulator orders them (Spearman's rank correlation).",
            discussion: """
                The defaults and N Latin-hypercube configurations (seeded) of the real server's top-k knobs are \
                measured by the postgres environment under pgbench and by the simulator under its matching \
                workload and hardware profile; prints one line per configuration, then \
                spearman_rho, completed_on_both, failed_on_both, failed_real_only and failed_simulated_only. \
                Example:

                  satune crosscheck --samples 30 --knobs 16 --duration 5 --output Results/crosscheck.csv
                """)

        @Option(parsing: .unconditional, help: "Latin-hypercube configurations besides the defaults.") var samples = 30
        @Option(parsing: .unconditional, help: "The real server's most important knobs to vary (1-39).") var knobs = 16
        @Option(help: "pgbench's built-in workload on the real server.") var workload = "tpcb-like"
        @Option(help: "The simulator's workload profile.") var simulatorWorkload = "tpcb"
        @Option(help: "The simulator's hardware profile.") var hardware = "this-machine"
        @Option(help: "Objective: throughput, latency_mean, latency_p95 or latency_p99.") var objective = "throughput"
        @OptionGroup var measurement: MeasurementOptions
        @OptionGroup var pgbench: PgbenchOptions
        @Option(parsing: .unconditional, help: "Seed of the design and of the simulator's noise.") var seed: UInt64 = 1
        @Option(help: "A CSV file for the measurements (knob values, both objectives, failures).") var output: String?

        func validate() throws {
            guard samples >= 3 else { throw fail("--samples must be at least 3, got \(samples)") }
            if let output, let problem = Files.cannotWriteFile(at: URL(fileURLWithPath: output)) {
                throw fail("--output \(output): \(problem)")
            }
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let shared = ["knobs": String(knobs), "workload": workload, "objective": objective]
                let real = try Catalog.environment(
                    type: "postgres",
                    parameters: shared.merging(measurement.parameters) { $1 }.merging(pgbench.parameters) { $1 })
                let simulated = try Catalog.environment(
                    type: "simulator",
                    parameters: shared.merging(["workload": simulatorWorkload, "hardware": hardware]) { $1 }, seed: seed
                )
                let signals = StopOnSignals([real])
                let comparison = try withExtendedLifetime(signals) {
                    try SurfaceComparison.measure(real, simulated, samples: samples, seed: seed) { i, row in
                        print("[\(i)/\(samples)] real \(Self.show(row.first))  simulated \(Self.show(row.second))")
                    }
                }
                if comparison.rows.contains(where: { $0.first.interrupted }) { throw ExitCode(130) }
                if let output { try write(comparison, names: real.space.names, to: output) }
                print("spearman_rho: \(comparison.rankCorrelation.map { String(format: "%.3f", $0) } ?? "nan")")
                print("completed_on_both: \(comparison.bothCompleted)")
                print("failed_on_both: \(comparison.bothFailed)")
                print("failed_real_only: \(comparison.onlyFirstFailed)")
                print("failed_simulated_only: \(comparison.onlySecondFailed)")
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }

        private static func show(_ m: TuningKit.Measurement) -> String {
            m.objective.map { String(format: "%.4g", $0) } ?? "failed (\(m.failureReason ?? ""))"
        }

        private func write(_ comparison: SurfaceComparison, names: [String], to path: String) throws {
            var text = CSVText.line(["trial"] + names + ["real", "simulated", "real_failure", "simulated_failure"])
            for (i, row) in comparison.rows.enumerated() {
                text += CSVText.line(
                    [String(i)] + row.configuration.values.map(\.description) + [
                        row.first.objective.map { String($0) } ?? "", row.second.objective.map { String($0) } ?? "",
                        row.first.failureReason ?? "", row.second.failureReason ?? "",
                    ])
            }
            try Files.writeAtomically(Data(text.utf8), to: URL(fileURLWithPath: path))
        }
    }
}
