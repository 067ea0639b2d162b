import Agents
import ArgumentParser
import Foundation

extension Satune {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure satune's own speed (build with -c release). Prints one 'name: value' line per figure.")

        enum What: String, ExpressibleByArgument, CaseIterable {
            case simulator, ddpg, gp, replay, campaign
        }

        @Argument(help: "What to measure: \(What.allCases.map(\.rawValue).joined(separator: ", ")).")
        var what: What

        @Option(help: "The workload of 'bench replay'.") var workload = "oltp"
        @Option(help: "Alternating plain-loop and replayer runs of 'bench replay'.") var pairs = 41

        func run() throws {
            Satune.setUp(verbose: false)
            #if DEBUG
            print("warning: a debug build; benchmark a release build (swift build -c release)")
            #endif
            try measure()
        }

        private func measure() throws {
            switch what {
            case .simulator: SimulatorBench.run()
            case .campaign: try CampaignBench.run()
            case .ddpg:
                // CDBTune-sized networks, batch 64, one BLAS thread (PyTorch 2.x on this machine kind: 2.33 ms per update, 24.5 us per inference).
                let (updateMs, sampledMs, inferenceUs) = UpdateBenchmark.run()
                report("update_ms_median", updateMs)
                report("update_with_sampling_ms_median", sampledMs)
                report("inference_us_median", inferenceUs)
            case .replay:
                try ReplayBench.run(workload: workload, pairs: pairs)
            case .gp:
                // One suggestion: GP fit with hyperparameter optimization, then EI maximization (2000 candidates,
                // refinement of the best 5). Reference: scikit-learn 1.68 s, BoTorch 0.41 s at n = 200, d = 16.
                for d in [8, 16] {
                    for n in [50, 100, 200, 400] {
                        report("suggest_ms_n\(n)_d\(d)", try SuggestionBenchmark.suggestMilliseconds(n: n, d: d))
                    }
                }
            }
        }
    }
}

/// Prints a benchmark figure as `name: value`.
func report(_ name: String, _ value: Double) {
    print("\(name): \(value < 10 ? (value * 1000).rounded() / 1000 : value.rounded())")
}
