import TuningKit

extension CampaignResults.Run {
    /// The record of the run's final recommendation: the trial that first measured the configuration the run
    /// recommends at its end (for folders written before recommendations, the first trial, from the change
    /// on for a system that changes, that measured the final best objective); nil when no trial succeeded.
    public func incumbent(changeStep: Int? = nil) -> TrialRecord? {
        if let step = trials.last?.recommendedStep { return trials.first { $0.step == step } }
        guard let best = trials.last?.bestObjective else { return nil }
        return trials.first { $0.step >= changeStep ?? 0 && !$0.failed && $0.objective == best }
    }

    /// The improvement of the incumbent over the default (step 0) in a measured quantity, in percent and
    /// positive when better: throughput up, a latency down. Nil where either lacks it, and for a system
    /// that changes during the run, whose step-0 default is not a baseline.
    public func improvement(in quantity: MeasuredQuantity, changeStep: Int? = nil) -> Double? {
        guard changeStep == nil, let base = trials.first.flatMap(quantity.value), base > 0,
            let value = incumbent().flatMap(quantity.value)
        else { return nil }
        return quantity.objective.improvement(of: value, over: base)
    }
}

/// A quantity every database environment measures, besides its objective.
public enum MeasuredQuantity: String, Sendable, CaseIterable {
    case throughput, latencyP99 = "latency_p99"

    public var higherIsBetter: Bool { self == .throughput }
    /// The quantity as an objective, whose `improvement` is the one computation of a gain over the default.
    var objective: Objective {
        Objective(
            name: rawValue, unit: self == .throughput ? "tx/s" : "ms", direction: higherIsBetter ? .maximize : .minimize
        )
    }
    /// Its name and unit in words, e.g. "throughput (tx/s)".
    public var label: String { self == .throughput ? "throughput (tx/s)" : "p99 latency (ms)" }

    public func value(_ trial: TrialRecord) -> Double? {
        switch self {
        case .throughput: trial.throughput
        case .latencyP99: trial.latencyP99
        }
    }
}
