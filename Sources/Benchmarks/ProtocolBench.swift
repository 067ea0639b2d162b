import Foundation
import Peers
import Simulator
import TuningKit

/// `satune bench protocol`: what a step of an agent in another process costs satune, with the trivial agent
/// (`peers/trivial_agent.py`, which answers every ask with the defaults) on the simulator's 16 knobs.
///
/// - `protocol_step_ms_median`: one ask and one tell, round trip, the agent's own work (Python's JSON) included;
/// - `protocol_overhead_ms`: satune's side of a step (the messages written and read, the configuration
///   checked), the round trip less the time spent waiting for the agent: the cost beyond the agent's own.
///
/// Medians of 2,000 steps after 100 of warm-up.
public enum ProtocolBench {
    public static func run(report: FigureSink) throws {
        guard let home = PeerAdapters.home else { throw PlainError("the source tree (peers/) is not here") }
        let script = home.appendingPathComponent("peers/trivial_agent.py").path
        let env = DatabaseSimulator(
            workload: .named("oltp-write")!, hardware: .named("medium")!, knobCount: 16, seed: 1)
        let task = TuningTask(space: env.space, objective: env.objective, metricNames: env.metricNames, budget: 3000)
        let agent = try ExternalAgent(
            label: "trivial", command: ["python3", script], task: task, seed: 1, timeout: 30, log: nil)
        let measurement = try env.evaluate(env.defaultConfiguration, trial: 0)
        var steps: [Double] = [], overheads: [Double] = []
        for step in 1...2100 {
            let waited = agent.waitedSeconds
            let start = monotonicNanoseconds()
            let configuration = try agent.ask()
            try agent.tell(
                Observation(
                    step: step, configuration: configuration, point: env.space.encode(configuration),
                    measurement: measurement, cost: measurement.objective, reward: 0))
            let seconds = Double(monotonicNanoseconds() - start) * 1e-9
            guard step > 100 else { continue }
            steps.append(seconds * 1000)
            overheads.append((seconds - (agent.waitedSeconds - waited)) * 1000)
        }
        report(Figure("protocol_step_ms_median", Statistics.median(steps)!))
        report(Figure("protocol_overhead_ms", Statistics.median(overheads)!))
    }
}
