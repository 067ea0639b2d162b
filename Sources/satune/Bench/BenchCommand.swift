import ArgumentParser
import Benchmarks

extension Satune {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure satune's own speed (build with -c release). Prints one 'name: value' line per figure.",
            discussion: """
                simulator: evaluations per second of the simulated server; ddpg: one DDPG update and one action; \
                gp: one Bayesian-optimization suggestion; agents: sample-aware DDPG's and BO's time per step at 100, \
                200 and 400 evaluations on 32 knobs; replay: the SQLite replayer's overhead over a bare loop; \
                campaign: the runner's own cost per trial and the speedup of --jobs 2; postgres: the cost of one \
                trial on the real PostgreSQL server beyond pgbench's own time.
                """)

        enum What: String, ExpressibleByArgument, CaseIterable {
            case simulator, ddpg, gp, agents, replay, campaign, postgres
        }

        @Argument(help: "What to measure.")
        var what: What

        @Option(help: "The workload of 'bench replay'.") var workload = "oltp"
        @Option(help: "Alternating plain-loop and replayer runs of 'bench replay'.") var pairs = 41
        @Option(help: "Trials of 'bench postgres'.") var trials = 5
        @Option(help: "Seconds of pgbench per trial of 'bench postgres'.") var duration = 10

        func run() throws {
            Satune.setUp(verbose: false)
            #if DEBUG
                print("warning: a debug build; benchmark a release build (swift build -c release)")
            #endif
            let report: FigureSink = { print($0.line) }
            do {
                switch what {
                case .simulator: SimulatorBench.run(report: report)
                case .ddpg: DDPGUpdateBench.run(report: report)
                case .gp: try GPSuggestionBench.run(report: report)
                case .agents: try AgentStepBench.run(report: report)
                case .replay: try ReplayBench.run(workload: try workloadPath(workload), pairs: pairs, report: report)
                case .campaign: try CampaignBench.run(report: report)
                case .postgres: try PostgresTrialBench.run(trials: trials, duration: duration, report: report)
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }
    }
}
