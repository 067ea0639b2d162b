import ArgumentParser
import Foundation
import SQLiteReplayer
import Surrogates
import TuningKit

extension Satune {
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn a workload's response surface on the real SQLite replayer and save it as a surrogate environment.",
            discussion: """
            Measures the defaults and N Latin-hypercube configurations (seeded), fits a Gaussian process to the
            log objective, reports its cross-validated error, and writes a model that manifests use as
              environments:
                - type: surrogate
                  model: Results/surrogates/oltp.json
            Example: satune calibrate oltp --samples 60 --safe-only --output Results/surrogates/oltp.json
            """)

        @Argument(help: "A workload file, or a built-in name: \(SQLiteWorkloads.builtIn.joined(separator: ", ")).")
        var workload: String

        @Option(help: "Configurations to measure (besides the defaults).") var samples = 40
        @Option(help: "Where to write the model (JSON).") var output: String
        @Option(help: "Comma-separated knob names (default all).") var knobs: String?
        @Flag(help: "Leave out values that give up crash safety.") var safeOnly = false
        @Option(help: "Untimed replays before each measurement.") var warmup = 1
        @Option(help: "Timed replays per configuration (median).") var repetitions = 3
        @Option(help: "Seconds after which a replay is stopped.") var timeout = 60.0
        @Option(help: "Seed of the sampling design.") var seed: UInt64 = 1

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                guard let path = SQLiteWorkloads.resolve(workload) else { throw ValidationError("no workload file \(workload)") }
                guard samples >= 2 else { throw ValidationError("--samples must be at least 2") }
                var options = SQLiteEnvironment.Options()
                options.knobs = knobs?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                options.safeOnly = safeOnly
                options.warmup = warmup
                options.repetitions = repetitions
                options.timeout = timeout
                let env = try SQLiteEnvironment(workload: path, options: options)
                print("calibrating \(path): \(samples) configurations of \(env.space.dimension) knobs, \(warmup) warm-up and \(repetitions) timed replays each")
                let model = try Calibration.run(env, workload: path, samples: samples, seed: seed) { i, configuration, m in
                    let value = m.objective.map { String(format: "%.4g", $0) } ?? "failed: \(m.failureReason ?? "")"
                    print("[\(i)/\(samples)] \(env.objective.name) \(value)")
                }
                let url = URL(fileURLWithPath: output)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(model).write(to: url, options: .atomic)
                print("cross_validated_error_percent: \(String(format: "%.1f", model.crossValidationError * 100))")
                print("noise_cv_percent: \(String(format: "%.1f", model.noiseCV * 100))")
                print("failed_samples: \(model.failedPoints.count)")
                print("model: \(output)")
            } catch let error as ValidationError {
                throw error
            } catch {
                throw fail(error)
            }
        }
    }
}
