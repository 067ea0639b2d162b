import Agents
import Results
import TuningKit

/// Manifest type `bayesian`: Gaussian-process Bayesian optimization.
struct BayesianSpec: AgentSpec {
    static let typeName = "bayesian"
    static let summary =
        "Gaussian-process Bayesian optimization: Matern 5/2 ARD, expected improvement (OtterTune's baseline)"
    static var parameterHelp: [String] {
        let d = BayesianOptimization.Options()
        return [
            "initial_points: Latin-hypercube points first (default \(d.initialPoints))",
            "acquisition: ei | ucb (default \(d.acquisition.rawValue)); xi (default \(d.xi)); kappa for ucb "
                + "(default \(d.kappa))",
            "candidates: random points scored per step (default \(d.candidates)); refine_starts: L-BFGS refinements "
                + "(default \(d.refineStarts))",
            "trust_region: search a TuRBO trust region around the best, true | false (default \(d.trustRegion))",
            "refit_interval: steps between hyperparameter fits (default \(d.refitInterval)); restarts: random "
                + "starts of that fit (default \(d.restarts))",
            "transfer_from: a results folder of a campaign on the same knobs: its best configurations start the design",
        ]
    }

    let options: BayesianOptimization.Options
    let transfer: TransferSource?

    init(_ parameters: inout ParameterReader) {
        transfer = TransferSource.read(&parameters)
        var o = BayesianOptimization.Options()
        o.initialPoints =
            parameters.integer("initial_points", default: o.initialPoints, range: 0...10_000) ?? o.initialPoints
        o.acquisition = parameters.choice("acquisition", default: o.acquisition)
        o.xi = parameters.real("xi", default: o.xi, range: 0...10)
        o.kappa = parameters.real("kappa", default: o.kappa, range: 0...100)
        o.trustRegion = parameters.boolean("trust_region", default: o.trustRegion)
        o.candidates = parameters.integer("candidates", default: o.candidates, range: 1...1_000_000) ?? o.candidates
        o.refineStarts = parameters.integer("refine_starts", default: o.refineStarts, range: 0...1000) ?? o.refineStarts
        o.refitInterval =
            parameters.integer("refit_interval", default: o.refitInterval, range: 1...10_000) ?? o.refitInterval
        o.restarts = parameters.integer("restarts", default: o.restarts, range: 0...100) ?? o.restarts
        options = o
    }

    var defaultLabel: String { Self.typeName }

    func problem(tuning space: KnobSpace, objective: Objective) -> String? {
        transfer?.problem(for: space, objective: objective)
    }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        var options = options
        if let transfer { options.transfer = try transfer.samples(requiredFor: task) }
        return BayesianOptimization(task: task, options: options, seed: seed)
    }
}
