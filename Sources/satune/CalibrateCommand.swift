import ArgumentParser
import Experiments
import Foundation
import SQLiteReplayer
import Surrogates
import TuningKit

extension Satune {
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Learn a workload's response surface on the real SQLite replayer and save it as a surrogate "
                + "environment.",
            discussion: """
                Measures the defaults and N Latin-hypercube configurations (seeded), fits a Gaussian \
                process to the log objective, reports its cross-validated error, and writes a model that \
                manifests use as an environment:

                  environments:
                    - type: surrogate
                      model: Results/surrogates/oltp.json

                Example:

                  satune calibrate oltp --samples 60 --safe-only \\
                    --output Results/surrogates/oltp.json
                """)

        @Argument(help: "A workload file, or a built-in name: \(SQLiteWorkloads.builtIn.joined(separator: ", ")).")
        var workload: String

        @Option(help: "Configurations to measure (besides the defaults).") var samples = 40
        @Option(help: "Where to write the model (JSON).") var output: String
        @Option(help: "Comma-separated knob names (default all).") var knobs: String?
        @Flag(help: "Leave out values that give up crash safety.") var safeOnly = false
        @OptionGroup var measurement: MeasurementOptions
        @Option(help: "Seed of the sampling design.") var seed: UInt64 = 1

        /// Everything that can be checked before measuring anything: the workload, the count, and that the
        /// model can be written where asked.
        func validate() throws {
            _ = try workloadPath(workload)
            guard samples >= 2 else { throw fail("--samples must be at least 2, got \(samples)") }
            if let problem = FileProblem.cannotWriteFile(at: URL(fileURLWithPath: output)) {
                throw fail("--output \(output): \(problem)")
            }
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let path = try workloadPath(workload)
                var options = SQLiteEnvironment.Options()
                options.knobs = knobs?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                options.safeOnly = safeOnly
                measurement.apply(to: &options)
                let env = try SQLiteEnvironment(workload: path, options: options)
                for warning in env.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                print(
                    "calibrating \(path): \(samples) configurations of \(env.space.dimension) knobs, "
                        + "\(measurement.warmup) warm-up and \(measurement.repetitions) timed replays each"
                )
                let model = try Calibration.run(env, workload: path, samples: samples, seed: seed) {
                    i, configuration, m in
                    let value = m.objective.map { String(format: "%.4g", $0) } ?? "failed: \(m.failureReason ?? "")"
                    print("[\(i)/\(samples)] \(env.objective.name) \(value)")
                }
                try model.write(to: URL(fileURLWithPath: output))
                print("cross_validated_error_percent: \(String(format: "%.1f", model.crossValidationError * 100))")
                print("noise_cv_percent: \(String(format: "%.1f", model.noiseCV * 100))")
                print("failed_samples: \(model.failedPoints.count)")
                print("model: \(output)")
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }
    }
}
