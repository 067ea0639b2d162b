import TuningKit

/// What a person should know about a campaign's measurements before reading its statistics: runs whose
/// default configuration failed (every regret and improvement is then relative to nothing), and, on a real
/// database, timed runs that kept the machine's other processes above `max_other_load` even after their
/// repeats (`busy_runs`), whose figures are then noisier than the rest.
public enum MeasurementWarnings {
    /// One line per problem, each naming the environment and giving an example reason.
    public static func lines(_ results: CampaignResults) -> [String] {
        var lines: [String] = []
        for environment in results.info.environments {
            let runs = results.runs.filter { $0.key.environment == environment.label }
            let failedDefaults = runs.compactMap { $0.trials.first }.filter(\.failed)
            if let first = failedDefaults.first {
                lines.append(
                    "\(environment.label): the default configuration failed in \(failedDefaults.count) of "
                        + "\(runs.count) runs (\(first.failureReason ?? "")); their regret and improvement "
                        + "have no baseline")
            }
            let limit = environment.parameters["max_other_load"].flatMap(Double.init) ?? 0.25
            let trials = runs.flatMap(\.trials).filter { !$0.failed }
            let busy = trials.filter { ($0.metric("busy_runs") ?? 0) > 0 && ($0.metric("other_load") ?? 0) > limit }
            if !busy.isEmpty {
                let load = Statistics.median(busy.compactMap { $0.metric("other_load") }) ?? 0
                lines.append(
                    "\(environment.label): \(busy.count) of \(trials.count) trials were measured while other "
                        + "processes kept \(Int((load * 100).rounded()))% of the cores busy (median; limit "
                        + "\(Int((limit * 100).rounded()))%, after their repeats): their figures are noisier; "
                        + "measure on a quiet machine")
            }
        }
        return lines
    }
}
