import TuningKit

/// A median over seeds with its 95% percentile-bootstrap interval (10,000 resamples) and quartiles.
public struct Estimate: Sendable, Equatable {
    public let median: Double
    public let low: Double
    public let high: Double
    public let q25: Double
    public let q75: Double

    /// The estimate of `values`; nil for none. `label` seeds the bootstrap.
    public init?(_ values: [Double], label: String) {
        guard let median = Statistics.median(values), let ci = Bootstrap.medianInterval(values, label: label) else {
            return nil
        }
        self.median = median
        low = ci.low
        high = ci.high
        q25 = Statistics.quantile(values, 0.25)!
        q75 = Statistics.quantile(values, 0.75)!
    }
}

/// A row of `summary.csv`: one (environment, agent) over its complete runs (one per seed).
///
/// - `final_objective_*`: the objective of each run's final recommendation (the mean of its confirmation
///   re-measurements where the run confirmed, else of its measurements in the run): median, 95% bootstrap
///   interval of the median, quartiles.
/// - `improvement_*`: that recommendation over the run's measured default, in percent (positive is better):
///   over the default's mean in the confirmation rounds where the run confirmed (measured beside the
///   candidates: the confirmed gain), else over its step-0 measurement; empty for a system that changes
///   during the run (`shift_at`), whose default is not a baseline.
/// - `normalized_regret_*`: noise-free regret of the final best configuration over (default - optimum),
///   where the optimum is known.
/// - `evals_to_90`, `_95`, `_99`: median over runs of the evaluations (steps after the default) needed
///   to reach 90/95/99% of the best improvement known for the environment (the optimum where known,
///   else the best any run found); empty when over half the runs never reached it.
/// - `remeasured_improvement_*`: the improvement of the final incumbent over the default, both measured
///   again `remeasure` times after the run (medians of the re-measurements); the winner's curse removed.
/// - `noise_floor_cv`: the environment's measurement noise, the coefficient of variation of repeated
///   measurements of the default (re-measurements where taken, else the step-0 measurements across seeds).
/// - `failed_trials`: over every recorded trial of the pair; `evaluation_s`, `agent_s`: wall time.
public struct SummaryRow: Sendable {
    public let environment: String
    public let agent: String
    public let objective: Objective
    /// Complete runs (seeds) the statistics are over, and runs not complete yet.
    public let seeds: Int
    public let incompleteRuns: Int
    public let budget: Int
    public let defaultObjectiveMedian: Double?
    public let finalObjective: Estimate?
    public let improvement: Estimate?
    public let regretMedian: Double?
    public let normalizedRegret: Estimate?
    /// Evaluations to reach 90, 95 and 99% of the best known improvement.
    public let evaluationsTo: [Double?]
    public let remeasuredImprovement: Estimate?
    public let noiseFloorCV: Double?
    public let failedTrials: Int
    public let evaluationSeconds: Double
    public let agentSeconds: Double

    public static let shares = [0.90, 0.95, 0.99]

    public static let header = [
        "environment", "agent", "objective", "unit", "direction", "seeds", "incomplete_runs", "steps",
        "default_objective_median",
        "final_objective_median", "final_objective_ci_low", "final_objective_ci_high", "final_objective_q25",
        "final_objective_q75",
        "improvement_median", "improvement_ci_low", "improvement_ci_high",
        "regret_median", "normalized_regret_median", "normalized_regret_ci_low", "normalized_regret_ci_high",
        "evals_to_90", "evals_to_95", "evals_to_99",
        "remeasured_improvement_median", "remeasured_improvement_ci_low", "remeasured_improvement_ci_high",
        "noise_floor_cv", "failed_trials", "evaluation_s", "agent_s",
    ]

    public var fields: [String] {
        let n = TrialSchema.number
        func interval(_ e: Estimate?) -> [String] { [n(e?.median), n(e?.low), n(e?.high)] }
        return [
            environment, agent, objective.name, objective.unit, objective.direction.rawValue, String(seeds),
            String(incompleteRuns),
            String(budget), n(defaultObjectiveMedian),
        ]
            + interval(finalObjective) + [n(finalObjective?.q25), n(finalObjective?.q75)]
            + interval(improvement) + [n(regretMedian)] + interval(normalizedRegret)
            + evaluationsTo.map(n) + interval(remeasuredImprovement)
            + [n(noiseFloorCV), String(failedTrials), n(evaluationSeconds), n(agentSeconds)]
    }

    /// The rows of every (environment, agent) of a campaign, in manifest order.
    /// `noise`: the noise floor measured at the campaign's start, by environment, which replaces the one
    /// estimated from the runs.
    static func rows(info: RunInfo, runs: [CampaignResults.Run], noise: [String: (cv: Double, runs: Int)] = [:])
        -> [SummaryRow]
    {
        info.environments.flatMap { env in
            let objective = env.objective.objective
            let envRuns = runs.filter { $0.key.environment == env.label }
            let complete = envRuns.filter { $0.complete(budget: info.budget, remeasure: info.remeasure) }
            let target = BestKnown(environment: env, runs: complete)
            let noise = noise[env.label]?.cv ?? noiseFloor(envRuns, objective: objective)
            return info.agents.filter { $0.runs(on: env.label) }.map { agent in
                let mine = envRuns.filter { $0.key.agent == agent.label }
                let done = complete.filter { $0.key.agent == agent.label }
                let label = "\(env.label)|\(agent.label)|"
                // What each run recommends at its end (the best measured, unless the agent ranks by a model or the
                // run confirmed its candidates), not its luckiest measurement.
                let finals = done.compactMap { $0.trials.last?.judgedObjective }
                // Over a system that changed during the run, the step-0 default is not a baseline.
                let improvements = done.compactMap { run -> Double? in
                    guard env.changeStep == nil, let base = run.judgedDefault,
                        let best = run.trials.last?.judgedObjective
                    else {
                        return nil
                    }
                    return objective.improvement(of: best, over: base)
                }
                let regrets = done.compactMap { $0.trials.last?.judgedRegret }
                let remeasured = done.compactMap { remeasuredImprovement($0, objective: objective) }
                let all = mine.flatMap(\.trials)
                return SummaryRow(
                    environment: env.label, agent: agent.label, objective: objective, seeds: done.count,
                    incompleteRuns: mine.count - done.count, budget: info.budget,
                    defaultObjectiveMedian: Statistics.median(done.compactMap { $0.trials.first?.objective }),
                    finalObjective: Estimate(finals, label: label + "final"),
                    improvement: Estimate(improvements, label: label + "improvement"),
                    regretMedian: Statistics.median(done.compactMap { $0.trials.last?.regret }),
                    normalizedRegret: Estimate(regrets, label: label + "normalized_regret"),
                    evaluationsTo: shares.map { share in
                        censoredMedian(done.map { target.evaluations(to: share, in: $0) })
                    },
                    remeasuredImprovement: Estimate(remeasured, label: label + "remeasured"),
                    noiseFloorCV: noise, failedTrials: all.filter(\.failed).count,
                    evaluationSeconds: all.compactMap(\.elapsedMs).reduce(0, +) / 1000,
                    agentSeconds: all.compactMap(\.agentMs).reduce(0, +) / 1000)
            }
        }
    }

    /// The median of values where nil means "never": nil when the median itself is "never".
    static func censoredMedian(_ values: [Int?]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.map { $0.map(Double.init) ?? .infinity }.sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        return median.isFinite ? median : nil
    }

    /// The run's incumbent against its default, both as the median of their re-measurements.
    static func remeasuredImprovement(_ run: CampaignResults.Run, objective: Objective) -> Double? {
        let defaults = run.remeasured.filter { $0.subject == .default }.compactMap(\.objective)
        let incumbents = run.remeasured.filter { $0.subject == .incumbent }.compactMap(\.objective)
        guard let base = Statistics.median(defaults), let best = Statistics.median(incumbents) else { return nil }
        return objective.improvement(of: best, over: base)
    }

    /// The coefficient of variation of repeated measurements of the default: per run over its
    /// re-measurements (median over runs) where there are two or more, else across the seeds' step-0 measurements.
    static func noiseFloor(_ runs: [CampaignResults.Run], objective: Objective) -> Double? {
        let perRun = runs.compactMap { run in
            Statistics.coefficientOfVariation(run.remeasured.filter { $0.subject == .default }.compactMap(\.objective))
        }
        if !perRun.isEmpty { return Statistics.median(perRun) }
        var bySeed: [UInt64: Double] = [:]
        for run in runs { if let value = run.trials.first?.objective { bySeed[run.key.seed] = value } }
        return Statistics.coefficientOfVariation(bySeed.sorted { $0.key < $1.key }.map(\.value))
    }
}

/// The best improvement known for an environment, and when a run first reached a share of it.
struct BestKnown {
    let environment: RunInfo.EnvironmentInfo
    /// The largest improvement over the measured default any complete run found, in percent.
    let bestImprovement: Double?

    init(environment: RunInfo.EnvironmentInfo, runs: [CampaignResults.Run]) {
        self.environment = environment
        let objective = environment.objective.objective
        bestImprovement = runs.compactMap { run -> Double? in
            guard let base = run.trials.first?.objective, let best = run.trials.last?.judgedObjective else {
                return nil
            }
            return objective.improvement(of: best, over: base)
        }.max()
    }

    /// The first step at which `run` reached `share` of the best known improvement: normalized regret at
    /// most 1 - share where the optimum is known, else that share of the best improvement found; nil if never.
    func evaluations(to share: Double, in run: CampaignResults.Run) -> Int? {
        if environment.optimum != nil {
            return run.trials.first { ($0.judgedRegret ?? .infinity) <= 1 - share + 1e-12 }?.step
        }
        let objective = environment.objective.objective
        guard let best = bestImprovement, best > 0, let base = run.trials.first?.objective else { return nil }
        return run.trials.first { trial in
            trial.judgedObjective.flatMap { objective.improvement(of: $0, over: base) }.map {
                $0 >= share * best - 1e-12
            }
                ?? false
        }?.step
    }
}
