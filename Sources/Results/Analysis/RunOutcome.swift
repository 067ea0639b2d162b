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

    /// The improvement of the final recommendation over the default in a measured quantity, in percent and
    /// positive when better: throughput up, a latency down, both as the run's end judges them
    /// (`judgedValue`). Nil where either lacks it, and for a system that changes during the run, whose
    /// default is not a baseline.
    public func improvement(in quantity: MeasuredQuantity, changeStep: Int? = nil) -> Double? {
        guard changeStep == nil, let first = trials.first, let base = judgedValue(of: first, quantity.value),
            base > 0, let value = incumbent().flatMap({ judgedValue(of: $0, quantity.value) })
        else { return nil }
        return quantity.objective.improvement(of: value, over: base)
    }

    /// The default's objective as the run's end judges it (`judgedValue`): the baseline of its final gain.
    public var judgedDefault: Double? { trials.first.flatMap { judgedValue(of: $0, \.objective) } }

    /// A configuration's `value` as the run's end judges it: the mean over the confirmation phase's
    /// re-measurements of the configuration where the run has them (the default is re-measured in every round,
    /// beside the candidates, so a drift of a real machine reaches both sides of a gain), else the value of
    /// `trial`, the one that first measured it.
    public func judgedValue(of trial: TrialRecord, _ value: (TrialRecord) -> Double?) -> Double? {
        let confirmed = trials.filter {
            $0.decision?.family == .confirmation && !$0.failed && $0.knobValues == trial.knobValues
        }.compactMap(value)
        return Statistics.mean(confirmed) ?? value(trial)
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
