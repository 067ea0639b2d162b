import Agents
import Results
import TuningKit

/// Manifest type `ddpg`: DDPG as in CDBTune.
struct DDPGSpec: AgentSpec {
    static let typeName = "ddpg"
    static let summary = "DDPG as in CDBTune: metrics as state, actor-critic, replay, OU noise, CDBTune reward"
    static var parameterHelp: [String] { DDPGParameters.all.help(DDPGOptions()) }

    let options: DDPGOptions

    init(_ parameters: inout ParameterReader) {
        options = DDPGParameters.read(&parameters, defaults: DDPGOptions())
    }

    var defaultLabel: String { Self.typeName }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        DDPG(task: task, options: options, seed: seed)
    }
}

/// Manifest type `sample-aware-ddpg`: DDPG that chooses its evaluations carefully; every mechanism switchable.
struct SampleAwareDDPGSpec: AgentSpec {
    static let typeName = "sample-aware-ddpg"
    static let summary =
        "DDPG with warm start, prioritized replay, critic-screened exploration, bound and boundary probes, twin "
        + "critics, many updates per evaluation"
    static var parameterHelp: [String] { parameters.help(Settings()) }

    /// What a manifest entry sets: the agent's options and where it transfers from.
    struct Settings {
        var transfer: TransferSource?
        var options = SampleAwareDDPG.Options()
    }

    /// The keys, in the order they are read.
    static var parameters: [Parameter<Settings>] {
        typealias O = SampleAwareDDPG.Options
        let own: [Parameter<O>] = [
            .integer("warm_start", \.warmStart, in: 0...10_000, "Latin-hypercube evaluations first (0 disables)"),
            .integer("pretrain_updates", \.pretrainUpdates, in: 0...100_000, "critic updates after the warm start"),
            .integer(
                "cloning_steps", \.cloningSteps, in: 0...100_000, "actor steps towards the best warm-start action"),
            .boolean("screening", \.screening, "critic-screened exploration"),
            .integer("candidates", \.candidates, in: 2...100_000, "actions screened per step"),
            .real("kappa", \.kappa, in: 0...100, "weight of the critics' spread in the screening score"),
            .choice("restart", \.restart, "where a collapsed trust region starts again"),
            .real("uniform_share", \.uniformShare, in: 0...1, "share of steps evaluating an unscreened uniform point"),
            .real(
                "bound_probe_share", \.boundProbeShare, in: 0...1,
                "share of steps moving one knob of the incumbent to a bound, unscreened"),
            .real(
                "corner_share", \.cornerShare, in: 0...1,
                "share of steps walking the lattice of bounds, corner to corner"
            )
            .addedLater(legacy: "0.0"),
            .choice("recommend", \.recommend, "what the agent recommends: its local GP's ranking or the best measured")
                .addedLater(legacy: "measured"),
            .choice("incumbent", \.incumbent, "what centers the trust region: the local GP's best or the best measured")
                .addedLater(legacy: "measured"),
            .choice("global_score", \.globalScore, "how global candidates are scored"),
            .choice("local_model", \.localModel, "what scores trust-region candidates"),
            .integer(
                "local_points", \.localPoints, in: 3...10_000, "evaluations the local GP is fitted to, the nearest"),
            .integer("local_every", \.localEvery, in: 1...10_000, "the local GP scores every n-th trust-region step"),
            .real("bound_bias", \.boundBias, in: 0...1, "probability that a sampled knob takes a bound of its range"),
            .real("boundary_budget", \.boundaryBudget, in: 0...1, "share of the budget boundary searches may take"),
            .real("upper_bound", \.upperBound, in: 0...1, "probability that a biased knob takes its upper bound"),
            .real(
                "probe_upper_bound", \.probeUpperBound, in: 0...1,
                "probability that a bound probe takes the upper bound"),
            .integer(
                "boundary_probes", \.boundaryProbes, in: 0...1000,
                "probes bisecting between the incumbent and a failed configuration"),
            .integer(
                "perturbed_knobs", \.perturbedKnobs, in: 1...10_000, "expected knobs a trust-region candidate changes"),
        ]
        return [
            TransferSource.parameter(\Settings.transfer, "its best configurations first, its trials in the critics")
        ]
            + own.map { $0.within(\Settings.options) }
            + DDPGParameters.all.map { $0.within(\O.ddpg).within(\Settings.options) }
    }

    let settings: Settings

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        DDPGParameters.check(settings.options.ddpg, &parameters)
        if settings.transfer != nil, settings.options.ddpg.state == .metrics {
            parameters.report(
                "transfer_from", "needs state: none (the transferred trials carry no metrics of this system)")
        }
        self.settings = settings
    }

    var defaultLabel: String { Self.typeName }

    func problem(tuning space: KnobSpace, objective: Objective) -> String? {
        settings.transfer?.problem(for: space, objective: objective)
    }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        var options = settings.options
        if let transfer = settings.transfer { options.transfer = try transfer.samples(requiredFor: task) }
        return SampleAwareDDPG(task: task, options: options, seed: seed)
    }
}

/// The manifest keys of `DDPGOptions`, shared by both DDPG agents.
enum DDPGParameters {
    static var all: [Parameter<DDPGOptions>] {
        [
            .integers("actor_hidden", \.actorHidden, in: 1...4096, "the actor's layer widths"),
            .integers("critic_hidden", \.criticHidden, in: 1...4096, "the critics' layer widths"),
            .float("actor_lr", \.actorLearningRate, in: 1e-7...1, "the actor's Adam learning rate"),
            .float("critic_lr", \.criticLearningRate, in: 1e-7...1, "the critics' Adam learning rate"),
            .integer("batch_size", \.batchSize, in: 1...4096, "transitions per gradient update"),
            .float("gamma", \.gamma, in: 0...1, "discount of future rewards"),
            .float("tau", \.tau, in: 0...1, "soft-update rate of the target networks"),
            .real("noise_theta", \.noiseTheta, in: 0...10, "Ornstein-Uhlenbeck noise: mean reversion"),
            .real("noise_sigma", \.noiseSigma, in: 0...10, "Ornstein-Uhlenbeck noise: scale"),
            .integer("updates_per_step", \.updatesPerStep, in: 0...10_000, "gradient updates per evaluation"),
            .float("gradient_clip", \.gradientClip, in: 1e-6...1e9, "largest gradient norm"),
            .integer("critics", \.critics, in: 1...64, "the critic ensemble's size"),
            .boolean("clipped_double_q", \.clippedDoubleQ, "TD3's clipped double Q (needs 2 critics or more)"),
            .boolean("prioritized_replay", \.prioritizedReplay, "replay transitions by their TD error"),
            .real("priority_alpha", \.priorityAlpha, in: 0...10, "how strongly priorities skew the replay"),
            .real("priority_beta", \.priorityBeta, in: 0...1, "importance-sampling correction of the skew"),
            .real("best_bonus", \.bestBonus, in: 1...1000, "priority factor of the best transitions"),
            .choice("reward", \.reward, "the reward of a step"),
            .choice("failure_reward", \.failureReward, "the reward of a failed evaluation"),
            .choice("state", \.state, "what the agent observes: the environment's metrics, or nothing"),
        ]
    }

    /// The keys read into `defaults`, and checked together.
    static func read(_ reader: inout ParameterReader, defaults: DDPGOptions) -> DDPGOptions {
        var options = defaults
        all.read(into: &options, from: &reader)
        check(options, &reader)
        return options
    }

    /// Settings that do not go together.
    static func check(_ options: DDPGOptions, _ reader: inout ParameterReader) {
        if options.clippedDoubleQ && options.critics < 2 {
            reader.report("clipped_double_q", "needs critics: 2 or more (got \(options.critics))")
        }
    }
}
