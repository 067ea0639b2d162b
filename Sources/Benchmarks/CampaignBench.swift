import Campaigns
import Foundation
import Manifests
import Reports
import TuningKit

/// `satune bench campaign`: what the campaign runner costs besides the agents and environments.
///
/// - `speedup_jobs2`: a simulator campaign of sample-aware DDPG (8 runs of 100 evaluations, about 6 s), in
///   3 alternating pairs (each side first in every other pair, so that both sides see the same machine speed),
///   with `--jobs 2` against `--jobs 1`, wall time over wall time, after a warm-up campaign has computed the
///   surface's optimum (cached per process), so that neither timing includes it. (DDPG with 64-unit networks,
///   the earlier choice, scales to only 1.3-1.5x on this machine kind whatever the runner does: its many tiny
///   BLAS calls are bound by memory traffic the two cores share; plain computation scales 1.99x.)
/// - `bookkeeping_us_per_trial`: a 10,000-trial random-search campaign on the simulator (10 runs of 999
///   evaluations plus the defaults), whose wall time, minus the time in the agent, in evaluations and in
///   building environments and agents, divided by the trials: records, CSV rows, writes, progress, the
///   summary with its bootstrap intervals, and the report. Process start-up is not included.
public enum CampaignBench {
    /// Repetitions of each measurement; medians are reported.
    static let pairs = 5

    public static func run(report: FigureSink) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("satune-bench-campaign-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let parallel = """
            seeds: 8
            budget: 100
            environments:
              - type: simulator
                workload: oltp-write
                knobs: 16
            agents:
              - type: sample-aware-ddpg
            """
        _ = try campaign(
            "speed-warm-up", parallel.replacingOccurrences(of: "budget: 100", with: "budget: 2"), jobs: 1, in: scratch)
        // Alternating pairs, each side first in every other pair, so that machine drift hits both alike.
        var serial: [Double] = [], twoJobs: [Double] = [], ratios: [Double] = []
        for pair in 0..<3 {
            let one = { try campaign("speed-1-\(pair)", parallel, jobs: 1, in: scratch).wallSeconds }
            let two = { try campaign("speed-2-\(pair)", parallel, jobs: 2, in: scratch).wallSeconds }
            var a = 0.0, b = 0.0
            if pair % 2 == 0 {
                a = try one()
                b = try two()
            } else {
                b = try two()
                a = try one()
            }
            serial.append(a)
            twoJobs.append(b)
            ratios.append(a / b)
        }
        report(Figure("jobs1_s_median", Statistics.median(serial)!))
        report(Figure("jobs2_s_median", Statistics.median(twoJobs)!))
        report(Figure("speedup_jobs2", Statistics.median(ratios)!))

        let cheap = """
            seeds: 10
            budget: 999
            environments:
              - type: simulator
                workload: oltp-write
                knobs: 16
            agents:
              - type: random-search
            """
        _ = try campaign(
            "warm-up", cheap.replacingOccurrences(of: "budget: 999", with: "budget: 99"), jobs: 1, in: scratch)
        var walls: [Double] = [], insides: [Double] = [], perTrial: [Double] = []
        for repetition in 0..<pairs {
            let start = ContinuousClock.now
            let outcome = try campaign("bookkeeping-\(repetition)", cheap, jobs: 1, in: scratch)
            try HTMLReport.write(outcome.results, to: outcome.folder)
            let wall = (ContinuousClock.now - start).seconds
            let inside = outcome.agentSeconds + outcome.evaluationSeconds + outcome.setupSeconds
            walls.append(wall)
            insides.append(inside)
            perTrial.append((wall - inside) / Double(outcome.newTrials) * 1e6)
        }
        report(Figure("campaign_trials", 10_000))
        report(Figure("campaign_s_median", Statistics.median(walls)!))
        report(Figure("agent_and_environment_s_median", Statistics.median(insides)!))
        report(Figure("bookkeeping_us_per_trial", Statistics.median(perTrial)!))
    }

    private static func campaign(_ name: String, _ body: String, jobs: Int, in folder: URL) throws
        -> CampaignRunner.Outcome
    {
        let output = folder.appendingPathComponent(name).path
        let manifest = try Manifest.parse("name: \(name)\noutput: \(output)\n" + body)
        var options = CampaignRunner.Options()
        options.jobs = jobs
        return try CampaignRunner(manifest: manifest, options: options).run()
    }
}
