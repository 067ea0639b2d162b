import ArgumentParser
import Foundation
import Manifests
import TuningKit

extension Satune {
    struct Try: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate one configuration of an environment and print its measurement next to the default's.",
            discussion: """
                Values are in the knob's units, or with a unit suffix for memory and time knobs. Examples:

                  satune try simulator --workload oltp-write --top-knobs 16 \\
                    --knob shared_buffers=4GB --knob synchronous_commit=off
                  satune try branin --knob x1=3.14 --knob x2=2.27
                  satune try surrogate --model Experiments/surrogates/sqlite-oltp.json \\
                    --knob journal_mode=WAL
                  satune try postgres --workload tpcb-like --duration 10 \\
                    --knob synchronous_commit=off --knob shared_buffers=1GB

                On a real database (sqlite, postgres) each column is measured as a tuner measures it \
                (warm-up, timed runs, medians); --no-compare-default measures the configuration alone.
                """)

        @Argument(help: "The environment type (satune list environments).")
        var environment: String

        @Option(
            name: .customLong("knob"), parsing: .unconditionalSingleValue,
            help: "A knob setting, name=value (repeatable).")
        var knobs: [String] = []

        @Option(help: "Workload: the simulator's, a SQLite workload file, or pgbench's (tpcb-like, ...).")
        var workload: String?
        @Option(name: .customLong("top-knobs"), help: "Simulator: tune the k most important knobs (k or all).")
        var topKnobs: String?
        @Option(help: "Simulator hardware profile.") var hardware: String?
        @Option(help: "Simulator objective.") var objective: String?
        @Option(parsing: .unconditional, help: "Coefficient of variation of the simulator's measurement noise.")
        var noise: Double?
        @Option(parsing: .unconditional, help: "Dimensions of a benchmark function.") var dimensions: Int?
        @Option(help: "Surrogate: the model file satune calibrate wrote.") var model: String?
        @Option(parsing: .unconditional, help: "Seed of the measurement noise.") var seed: UInt64 = 1
        @Flag(inversion: .prefixedNo, help: "Measure the defaults too, and show the configuration next to them.")
        var compareDefault = true
        @OptionGroup var measurement: MeasurementOptions
        @OptionGroup var pgbench: PgbenchOptions
        @OptionGroup var output: FormatOption

        func validate() throws { _ = try knobAssignments(knobs) }

        func run() throws {
            Satune.setUp(verbose: false)
            let parameters = [
                "workload": workload, "knobs": topKnobs, "hardware": hardware, "objective": objective,
                "noise": noise.map { String($0) }, "dimensions": dimensions.map(String.init), "model": model,
            ].compactMapValues { $0 }.merging(measurement.parameters) { $1 }.merging(pgbench.parameters) { $1 }
            do {
                let env = try Catalog.environment(type: environment, parameters: parameters, seed: seed)
                let assignments = try knobAssignments(knobs)
                let configuration = try env.space.configuration(assigning: assignments)
                // Each changed knob as the person wrote it (256MB, not 32768 pages); knobAssignments refuses repeats.
                let typed = Dictionary(uniqueKeysWithValues: assignments.map { ($0.name, $0.value) })
                let changed = zip(env.space.knobs, configuration.values).filter { $0.defaultValue != $1 }.map {
                    "\($0.name)=\(typed[$0.name] ?? "\($1)")"
                }
                for warning in env.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                var columns: [(name: String, configuration: Configuration, measurement: TuningKit.Measurement)] = []
                let signals = StopOnSignals([env])  // a real server is stopped, not left running
                do {
                    try withExtendedLifetime(signals) {
                        if compareDefault {
                            columns.append(
                                (
                                    "defaults", env.defaultConfiguration,
                                    try env.evaluate(env.defaultConfiguration, trial: 0)
                                ))
                        }
                        let name =
                            changed.isEmpty
                            ? (compareDefault ? "the same" : "defaults") : changed.joined(separator: " ")
                        if !(columns.last?.measurement.interrupted ?? false) {
                            columns.append((name, configuration, try env.evaluate(configuration, trial: 1)))
                        }
                    }
                } catch {
                    guard signals.signalled else { throw error }
                    FileHandleOutput.standardError.write("interrupted: \(PlainError.reason(error))\n")
                    throw ExitCode(130)
                }
                if columns.contains(where: { $0.measurement.interrupted }) {
                    FileHandleOutput.standardError.write("interrupted\n")
                    throw ExitCode(130)
                }
                if output.json {
                    try output.print(
                        MeasurementReport(
                            environment: environment, space: env.space, objective: env.objective,
                            metricNames: env.metricNames, columns: columns))
                } else {
                    print(
                        MeasurementTable.render(
                            columns.map { ($0.name, $0.measurement) }, objective: env.objective,
                            metricNames: env.metricNames))
                }
                if let failed = columns.first(where: { $0.measurement.failed }) {
                    throw fail(
                        "\(failed.name) failed (\(output.whereTheReasonIs))"
                    )
                }
            } catch let error as ExitCode {
                throw error
            } catch let error as ManifestError {
                throw fail(error.inFlagWords(environment: environment))
            } catch {
                throw fail(error)
            }
        }
    }
}
