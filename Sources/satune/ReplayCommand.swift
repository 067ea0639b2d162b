import ArgumentParser
import Foundation
import SQLiteReplayer
import TuningKit

extension Satune {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a SQL workload on a real SQLite database under knob settings and print its metrics next to the defaults'.",
            discussion: """
            Each configuration is measured as a tuner measures it (the sqlite environment): warm-up replays, then
            timed replays on fresh copies of the pristine database, reporting medians and the wall time's
            coefficient of variation. Values are written as the PRAGMA takes them:
              satune replay Workloads/oltp.sql --knob journal_mode=WAL --knob cache_size=-65536
              satune replay analytic --knob temp_store=MEMORY --repetitions 5
            """)

        @Argument(help: "A workload file (-- @setup / -- @run sections), or a built-in name: \(SQLiteWorkloads.builtIn.joined(separator: ", ")).")
        var workload: String

        @Option(name: .customLong("knob"), help: "A knob setting, name=value (repeatable); satune list knobs sqlite shows them.")
        var knobs: [String] = []

        @OptionGroup var measurement: MeasurementOptions

        func validate() throws {
            _ = try workloadPath(workload)
            let assignments = try knobAssignments(knobs)
            do { _ = try SQLiteKnobs.space.configuration(assigning: assignments) } catch { throw fail(error) }
        }

        /// The configuration of the environment's space; a knob the workload sets itself is refused.
        private func configuration(of env: SQLiteEnvironment) throws -> Configuration {
            let assignments = try knobAssignments(knobs)
            for (name, _) in assignments where env.space[name] == nil {
                throw fail("--knob \(name): the workload sets PRAGMA \(name) itself, so a value given here would not be measured")
            }
            return try env.space.configuration(assigning: assignments)
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let path = try workloadPath(workload)
                var options = SQLiteEnvironment.Options()
                measurement.apply(to: &options)
                let env = try SQLiteEnvironment(workload: path, options: options)
                let configuration = try configuration(of: env)
                let space = env.space
                for warning in env.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                print("workload \(path): \(env.replayer.statementCount) statements; \(measurement.warmup) warm-up and \(measurement.repetitions) timed replays per configuration")

                var columns = [("defaults", try env.evaluate(env.defaultConfiguration, trial: 0))]
                let changed = zip(space.knobs, configuration.values).filter { $0.defaultValue != $1 }.map { "\($0.name)=\($1)" }
                if !changed.isEmpty { columns.append((changed.joined(separator: " "), try env.evaluate(configuration, trial: 1))) }
                print(Self.table(columns, metricNames: env.metricNames))
                if let failed = columns.first(where: { $0.1.failed }) {
                    throw fail("the replay of \(failed.0) failed: \(failed.1.failureReason ?? "")")
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }

        /// One row per figure, one column per configuration, and the change against the defaults.
        static func table(_ columns: [(String, TuningKit.Measurement)], metricNames: [String]) -> String {
            var rows: [(String, [Double?])] = [
                ("wall_time_s (objective)", columns.map { $0.1.objective }),
                ("throughput_tx_per_s", columns.map { $0.1.throughput }),
                ("latency_mean_ms", columns.map { $0.1.latencyMean }), ("latency_p50_ms", columns.map { $0.1.latencyP50 }),
                ("latency_p95_ms", columns.map { $0.1.latencyP95 }), ("latency_p99_ms", columns.map { $0.1.latencyP99 }),
            ]
            for (i, name) in metricNames.enumerated() where name != "wall_time_s" {
                rows.append((name, columns.map { $0.1.metrics.indices.contains(i) ? $0.1.metrics[i] : nil }))
            }
            let nameWidth = rows.map(\.0.count).max() ?? 0
            let widths = columns.map { max($0.0.count, 12) }
            func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(width - text.count, 0)) }
            var lines = [pad("", nameWidth) + "  " + zip(columns, widths).map { pad($0.0, $1) }.joined(separator: "  ")
                         + (columns.count > 1 ? "  change" : "")]
            for (name, values) in rows {
                var line = pad(name, nameWidth) + "  " + zip(values, widths).map { pad($0.map(Self.format) ?? "-", $1) }.joined(separator: "  ")
                if values.count > 1, let base = values[0], let other = values[1], base != 0 {
                    line += "  " + String(format: "%+.1f%%", (other - base) / abs(base) * 100)
                }
                lines.append(line)
            }
            return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
        }

        static func format(_ value: Double) -> String {
            if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
            return String(format: abs(value) >= 100 ? "%.1f" : "%.4g", value)
        }
    }
}
