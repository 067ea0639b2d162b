import ArgumentParser
import Foundation
import Manifests
import PostgresTarget
import SQLiteReplayer
import Surrogates
import TuningKit

extension Satune {
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Learn a workload's response surface on a real database (the SQLite replayer or a PostgreSQL server) "
                + "and save it as a surrogate environment.",
            discussion: """
                Measures the defaults and N Latin-hypercube configurations (seeded), fits a Gaussian \
                process to the log objective, reports its cross-validated error, and writes a model that \
                manifests use as an environment:

                  environments:
                    - type: surrogate
                      model: Results/surrogates/oltp.json

                Examples:

                  satune calibrate oltp --samples 60 --safe-only \\
                    --output Results/surrogates/oltp.json
                  satune calibrate tpcb-like --environment postgres --knobs 8 --duration 5 \\
                    --samples 30 --output Results/surrogates/tpcb.json
                """)

        /// The database a calibration measures.
        enum System: String, ExpressibleByArgument, CaseIterable {
            case sqlite, postgres
        }

        @Argument(
            help: ArgumentHelp(
                "A workload: for SQLite a workload file or a built-in name (\(SQLiteWorkloads.builtIn.joined(separator: ", "))); "
                    + "for PostgreSQL \(PgbenchWorkload.builtIn.joined(separator: ", ")) or a pgbench script file."))
        var workload: String?

        @Option(help: "The database: sqlite (the default) or postgres.") var environment = System.sqlite
        @Option(parsing: .unconditional, help: "Configurations to measure (besides the defaults).") var samples = 40
        @Option(help: "Where to write the model (JSON).") var output: String?
        @Option(
            help: ArgumentHelp(
                "Measured configurations (a CSV file) to fit a random forest to, instead of measuring: with "
                    + "--knobs naming their definitions (a JSON file) and --objective their objective column."))
        var data: String?
        @Option(help: "With --data: the objective's column, e.g. tps.") var objective: String?
        @Option(
            parsing: .unconditional,
            help: "Comma-separated knob names, or (PostgreSQL) a count of the most important (default all).")
        var knobs: String?
        @Flag(help: "SQLite: leave out values that give up crash safety.") var safeOnly = false
        @OptionGroup var measurement: MeasurementOptions
        @OptionGroup var pgbench: PgbenchOptions
        @Option(parsing: .unconditional, help: "Seed of the sampling design.") var seed: UInt64 = 1
        @Flag(help: "Overwrite --output even when it is not a model satune wrote (never the workload itself).")
        var force = false

        /// Everything that can be checked before measuring anything: the workload, the count, and that the
        /// model can be written where asked.
        func validate() throws {
            if data != nil {
                guard workload == nil, output == nil else {
                    throw fail(
                        "--data fits a forest to measurements someone else took: give no workload and no --output")
                }
                guard knobs != nil, objective != nil else {
                    throw fail("--data needs --knobs (the knob definitions, a JSON file) and --objective (a column)")
                }
                return
            }
            guard let workload else {
                throw fail("calibrate needs a workload (or --data with measured configurations)")
            }
            guard let output else { throw fail("calibrate needs --output, the model file to write") }
            if objective != nil { throw fail("--objective is for --data (a column of measured configurations)") }
            switch environment {
            case .sqlite:
                _ = try workloadPath(workload)
                guard pgbench.parameters.isEmpty else {
                    throw fail(
                        "--scale, --clients, --threads, --duration and --transactions are for --environment postgres")
                }
            case .postgres:
                do { _ = try PgbenchWorkload.script(named: workload) } catch { throw fail(error) }
                guard !safeOnly else { throw fail("--safe-only is for SQLite; name PostgreSQL's knobs with --knobs") }
            }
            if let names = knobNames, names.contains("") {  // "" and "a,,b" alike
                throw fail(
                    "--knobs \"\(knobs ?? "")\": expected knob names separated by commas (or a count), with none empty")
            }
            if let names = knobNames, Set(names).count < names.count {
                throw fail("--knobs \(knobs ?? ""): a knob is listed more than once; list each once")
            }
            guard (2...Self.maximumSamples).contains(samples) else {
                throw fail(
                    "--samples must be 2 to \(Self.maximumSamples), got \(samples) (the model's fit grows with the "
                        + "cube of the samples)")
            }
            if let problem = Files.cannotWriteFile(at: URL(fileURLWithPath: output)) {
                throw fail("--output \(output): \(problem)")
            }
            try checkOutputIsOurs(workload: workload, output: output)
        }

        /// The model never replaces the workload it measures, nor (without --force) a file that is not a model
        /// satune wrote.
        private func checkOutputIsOurs(workload: String, output: String) throws {
            guard FileManager.default.fileExists(atPath: output) else { return }
            let input = environment == .sqlite ? try workloadPath(workload) : workload
            if URL(fileURLWithPath: output).canonicalPath == URL(fileURLWithPath: input).canonicalPath {
                throw fail("--output \(output) is the workload it would measure; write the model to another file")
            }
            if !force, !SurrogateModel.isModelFile(output) {
                throw fail(
                    "--output \(output): not a model satune wrote, so it is not overwritten; choose another file, or "
                        + "give --force to replace it")
            }
        }

        func run() throws {
            Satune.setUp(verbose: false)
            if let data, let knobs, let objective {
                do { try ForestCheck.run(data: data, knobs: knobs, objective: objective, seed: seed) } catch {
                    throw fail(error)
                }
                return
            }
            guard let workload, let output else { return }  // validate says why
            do {
                var (env, source, path, runs) = try environment == .sqlite ? sqlite(workload) : postgres(workload)
                for warning in env.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                let signals = StopOnSignals([env])  // before a real server's cluster is built: Ctrl-C stops that too
                if let server = env as? PostgresEnvironment {
                    try server.prepare()
                    source.provenance["postgres"] = server.installation?.version
                }
                print("calibrating \(path): \(samples) configurations of \(env.space.dimension) knobs, \(runs) each")
                let model = try withExtendedLifetime(signals) {
                    try Calibration.run(env, workload: path, source: source, samples: samples, seed: seed) {
                        i, configuration, m in
                        let value = m.objective.map { String(format: "%.4g", $0) } ?? "failed: \(m.failureReason ?? "")"
                        print("[\(i)/\(samples)] \(env.objective.name) \(value)")
                    }
                }
                try model.write(to: URL(fileURLWithPath: output))
                print("cross_validated_error_percent: \(String(format: "%.1f", model.crossValidationError * 100))")
                print("noise_cv_percent: \(String(format: "%.1f", model.noiseCV * 100))")
                print("failed_samples: \(model.failedPoints.count)")
                print("model: \(output)")
            } catch let error as ExitCode {
                throw error
            } catch let error as Calibration.Interrupted {
                FileHandleOutput.standardError.write("\(error)\n")
                throw ExitCode(130)
            } catch {
                throw fail(error)
            }
        }

        /// The most configurations a calibration measures: the Gaussian process fitted to them costs n^3.
        static let maximumSamples = 2000

        private var knobNames: [String]? {
            knobs.map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
            }
        }

        /// The SQLite replayer on the workload, and what the model records of it.
        private func sqlite(_ workload: String) throws -> (any Environment, CalibrationSource, String, String) {
            let path = try workloadPath(workload)
            var options = SQLiteEnvironment.Options()
            options.knobs = knobNames
            options.safeOnly = safeOnly
            try measurement.apply(to: &options)
            options.progress = { FileHandleOutput.standardError.write($0 + "\n") }
            let env = try SQLiteEnvironment(workload: path, options: options)
            var source = CalibrationSource(system: "sqlite")
            source.safeOnly = safeOnly
            if options.target == .wallTime {
                source.spreadMetric = "wall_time_cv"
                source.repetitions = options.repetitions
            }
            source.provenance = [
                "sqlite": SQLiteKnobs.libraryVersion, "warmup": String(options.warmup),
                "repetitions": String(options.repetitions),
            ]
            return (env, source, path, "\(options.warmup) warm-up and \(options.repetitions) timed replays")
        }

        /// A PostgreSQL server under pgbench, built from the same parameters as a manifest's `postgres` entry
        /// (so checked by the same rules, before any cluster is built), and what the model records of it.
        private func postgres(_ workload: String) throws -> (any Environment, CalibrationSource, String, String) {
            var parameters = ["workload": workload].merging(measurement.parameters) { $1 }
                .merging(pgbench.parameters) { $1 }
            parameters["knobs"] = knobs
            guard let env = try Catalog.environment(type: "postgres", parameters: parameters) as? PostgresEnvironment
            else { throw fail("the postgres environment type did not give a PostgreSQL environment") }
            let (load, options) = (env.workload, env.options)
            var source = CalibrationSource(system: "postgres")
            source.machineMemoryBytes = env.machine.memoryBytes
            source.machineCores = env.machine.cores
            source.provenance = [
                "scale": String(load.scale),
                "clients": String(load.clients), "duration": String(load.duration),
                "warmup": String(options.warmup), "repetitions": String(options.repetitions),
            ]
            let runs = "\(options.warmup) s of warm-up and \(options.repetitions) timed run(s) of \(load.duration) s"
            return (env, source, workload, runs)
        }
    }
}
