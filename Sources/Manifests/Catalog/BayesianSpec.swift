import Agents
import Results
import TuningKit

/// Manifest type `bayesian`: Gaussian-process Bayesian optimization.
struct BayesianSpec: AgentSpec {
    static let typeName = "bayesian"
    static let summary =
        "Gaussian-process Bayesian optimization: Matern 5/2 ARD, expected improvement (OtterTune's baseline)"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    /// What a manifest entry sets: the agent's options and where it transfers from.
    struct Settings {
        var transfer: TransferSource?
        var options = BayesianOptimization.Options()
    }

    /// The keys, in the order they are read.
    static var parameters: [Parameter<Settings>] {
        let own: [Parameter<BayesianOptimization.Options>] = [
            .integer("initial_points", \.initialPoints, in: 0...10_000, "Latin-hypercube points first"),
            .choice("acquisition", \.acquisition, "expected improvement or an upper confidence bound"),
            .real("xi", \.xi, in: 0...10, "expected improvement's exploration margin"),
            .real("kappa", \.kappa, in: 0...100, "the confidence bound's weight of the posterior deviation"),
            .boolean("trust_region", \.trustRegion, "search a TuRBO trust region around the best"),
            .choice("recommend", \.recommend, "what the agent recommends: its GP's ranking or the best measured")
                .addedLater(legacy: "measured"),
            .integer("candidates", \.candidates, in: 1...1_000_000, "random points scored per step"),
            .integer("refine_starts", \.refineStarts, in: 0...1000, "the best candidates refined by L-BFGS"),
            .integer("refit_interval", \.refitInterval, in: 1...10_000, "steps between hyperparameter fits"),
            .integer("restarts", \.restarts, in: 0...100, "random starts of the hyperparameter fit"),
        ]
        return [TransferSource.parameter(\Settings.transfer, "its best configurations start the design")]
            + own.map { $0.within(\Settings.options) }
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        self.settings = settings
    }

    var defaultLabel: String { Self.typeName }

    func problem(tuning space: KnobSpace, objective: Objective) -> String? {
        settings.transfer?.problem(for: space, objective: objective)
    }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        var options = settings.options
        if let transfer = settings.transfer { options.transfer = try transfer.samples(requiredFor: task) }
        return BayesianOptimization(task: task, options: options, seed: seed)
    }
}
