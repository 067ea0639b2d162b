import ArgumentParser
import Foundation
import SQLiteReplayer
import TuningKit

/// The built-in workloads, for help texts.
let builtIn = SQLiteWorkloads.builtIn.joined(separator: ", ")

extension Satune {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Replay a SQL workload on a real SQLite database under knob settings and print its metrics next to "
                + "the defaults'.",
            discussion: """
                Each configuration is measured as a tuner measures it (the sqlite environment): warm-up \
                replays, then timed replays on fresh copies of the pristine database, reporting medians \
                and the wall time's coefficient of variation. Values are written as the PRAGMA takes them. \
                Examples:

                  satune replay Workloads/oltp.sql --knob journal_mode=WAL \\
                    --knob cache_size=-65536
                  satune replay analytic --knob temp_store=MEMORY --repetitions 5
                """)

        @Argument(help: ArgumentHelp("A workload file (-- @setup / -- @run sections), or a built-in name: \(builtIn)."))
        var workload: String

        @Option(
            name: .customLong("knob"), parsing: .unconditionalSingleValue,
            help: "A knob setting, name=value (repeatable); satune list knobs sqlite shows them.")
        var knobs: [String] = []

        @OptionGroup var measurement: MeasurementOptions
        @OptionGroup var output: FormatOption

        func validate() throws {
            _ = try workloadPath(workload)
            let assignments = try knobAssignments(knobs)
            do { _ = try SQLiteKnobs.space.configuration(assigning: assignments) } catch { throw fail(error) }
        }

        /// The configuration of the environment's space; a knob the workload sets itself is refused.
        private func configuration(of env: SQLiteEnvironment) throws -> Configuration {
            let assignments = try knobAssignments(knobs)
            for (name, _) in assignments where env.space[name] == nil {
                throw fail(
                    "--knob \(name): the workload sets PRAGMA \(name) itself, so a value given here would not be "
                        + "measured"
                )
            }
            return try env.space.configuration(assigning: assignments)
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let path = try workloadPath(workload)
                var options = SQLiteEnvironment.Options()
                try measurement.apply(to: &options)
                options.progress = { FileHandleOutput.standardError.write($0 + "\n") }
                let env = try SQLiteEnvironment(workload: path, options: options)
                let configuration = try configuration(of: env)
                let space = env.space
                for warning in env.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                let about =
                    "workload \(path): \(env.replayer.statementCount) statements; \(options.warmup) warm-up and "
                    + "\(options.repetitions) timed replays per configuration"
                if output.json { FileHandleOutput.standardError.write(about + "\n") } else { print(about) }

                var columns = [
                    (
                        name: "defaults", configuration: env.defaultConfiguration,
                        measurement: try env.evaluate(env.defaultConfiguration, trial: 0)
                    )
                ]
                let changed = zip(space.knobs, configuration.values).filter { $0.defaultValue != $1 }.map {
                    "\($0.name)=\($1)"
                }
                if !changed.isEmpty {
                    columns.append(
                        (changed.joined(separator: " "), configuration, try env.evaluate(configuration, trial: 1)))
                }
                if output.json {
                    try output.print(
                        MeasurementReport(
                            environment: "sqlite", space: space, objective: env.objective, metricNames: env.metricNames,
                            columns: columns))
                } else {
                    print(
                        MeasurementTable.render(
                            columns.map { ($0.name, $0.measurement) }, objective: env.objective,
                            metricNames: env.metricNames))
                }
                if let failed = columns.first(where: { $0.measurement.failed }) {
                    throw fail(
                        "the replay of \(failed.name) failed (\(output.whereTheReasonIs))"
                    )
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }
    }
}
