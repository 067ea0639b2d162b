import Agents
import TuningKit

/// Manifest type `random-search`: uniform or Latin-hypercube random search.
struct RandomSearchSpec: AgentSpec {
    static let typeName = "random-search"
    static let summary = "random search, uniform or one Latin hypercube over the budget (Bergstra and Bengio 2012)"
    static let parameterHelp = ["sampling: uniform | latin-hypercube (default uniform)"]

    let sampling: RandomSearch.Sampling

    init(_ parameters: inout ParameterReader) {
        sampling = parameters.choice("sampling", default: RandomSearch.Sampling.uniform)
    }

    var defaultLabel: String { sampling == .uniform ? Self.typeName : "\(Self.typeName)-lhs" }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        RandomSearch(space: task.space, sampling: sampling, budget: task.budget, seed: seed)
    }
}
