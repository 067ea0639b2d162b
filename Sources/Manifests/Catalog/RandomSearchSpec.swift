import Agents
import TuningKit

/// Manifest type `random-search`: uniform or Latin-hypercube random search.
struct RandomSearchSpec: AgentSpec {
    static let typeName = "random-search"
    static let summary = "random search, uniform or one Latin hypercube over the budget (Bergstra and Bengio 2012)"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var sampling = RandomSearch.Sampling.uniform
    }

    static var parameters: [Parameter<Settings>] {
        [.choice("sampling", \.sampling, "independent uniform points, or one Latin hypercube over the budget")]
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        self.settings = settings
    }

    var defaultLabel: String { settings.sampling == .uniform ? Self.typeName : "\(Self.typeName)-lhs" }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        RandomSearch(space: task.space, sampling: settings.sampling, budget: task.budget, seed: seed)
    }
}
