import Foundation

/// What an agent is told about the tuning problem when it is created.
public struct TuningTask: Sendable {
    /// The knobs to set: the agent proposes configurations of this space.
    public let space: KnobSpace
    public let objective: Objective
    /// Names of the internal metrics each measurement carries (the state of DRL agents); may be empty.
    public let metricNames: [String]
    /// Evaluations the agent may spend after the default configuration's.
    public let budget: Int
    /// Where an agent that is another process writes its standard error (a file in the run's results folder);
    /// nil for nowhere.
    public var log: URL?

    public init(space: KnobSpace, objective: Objective, metricNames: [String], budget: Int, log: URL? = nil) {
        self.space = space
        self.objective = objective
        self.metricNames = metricNames
        self.budget = budget
        self.log = log
    }
}
