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
                trial on the real PostgreSQL server beyond pgbench's own time; protocol: a step of an agent in \
                another process (ask and tell) with a trivial agent, and satune's own part of it.
                """)

        enum What: String, ExpressibleByArgument, CaseIterable {
            case simulator, ddpg, gp, agents, replay, campaign, postgres, `protocol`
        }

        @Argument(help: "What to measure.")
        var what: What

        @Option(help: "The workload of 'bench replay' (default: oltp).") var workload: String?
        @Option(
            parsing: .unconditional, help: "Alternating plain-loop and replayer runs of 'bench replay' (default: 41).")
        var pairs: Int?
        @Option(parsing: .unconditional, help: "Trials of 'bench postgres' (default: 5).") var trials: Int?
        @Option(parsing: .unconditional, help: "Seconds of pgbench per trial of 'bench postgres' (default: 10).")
        var duration: Int?

        func validate() throws {
            let given: [(String, Bool, What)] = [
                ("--workload", workload != nil, .replay), ("--pairs", pairs != nil, .replay),
                ("--trials", trials != nil, .postgres), ("--duration", duration != nil, .postgres),
            ]
            for (option, isGiven, owner) in given where isGiven && owner != what {
                throw fail("\(option) applies to 'bench \(owner.rawValue)' only, not to 'bench \(what.rawValue)'")
            }
            if let pairs, !(1...1000).contains(pairs) { throw fail("--pairs must be 1 to 1000, got \(pairs)") }
            if let trials, !(1...1000).contains(trials) { throw fail("--trials must be 1 to 1000, got \(trials)") }
            if let duration, !(1...3600).contains(duration) {
                throw fail("--duration must be 1 to 3600 seconds, got \(duration)")
            }
        }

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
                case .replay:
                    try ReplayBench.run(
                        workload: try workloadPath(workload ?? "oltp"), pairs: pairs ?? 41, report: report)
                case .campaign: try CampaignBench.run(report: report)
                case .postgres:
                    try PostgresTrialBench.run(
                        trials: trials ?? 5, duration: duration ?? 10, report: report)
                case .protocol: try ProtocolBench.run(report: report)
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }
    }
}
