import Agents
import Results
import TuningKit

/// Manifest type `ddpg`: DDPG as in CDBTune.
struct DDPGSpec: AgentSpec {
    static let typeName = "ddpg"
    static let summary = "DDPG as in CDBTune: metrics as state, actor-critic, replay, OU noise, CDBTune reward"
    static var parameterHelp: [String] { DDPGParameters.help(DDPGOptions()) }

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
    static var parameterHelp: [String] {
        let d = SampleAwareDDPG.Options()
        return [
            "warm_start: Latin-hypercube evaluations first (default \(d.warmStart); 0 disables)",
            "pretrain_updates: critic updates after the warm start (default \(d.pretrainUpdates))",
            "cloning_steps: actor steps towards the best warm-start action (default \(d.cloningSteps))",
            "screening: critic-screened exploration, true | false (default \(d.screening))",
            "candidates: actions screened per step (default \(d.candidates))",
            "kappa: weight of the critics' spread in the screening score (default \(d.kappa))",
            "restart: incumbent | global, where a collapsed trust region starts again (default \(d.restart.rawValue))",
            "uniform_share: share of steps evaluating an unscreened uniform point (default \(d.uniformShare))",
            "bound_probe_share: share of steps moving one knob of the incumbent to a bound, unscreened (default \(d.boundProbeShare))",
            "corner_share: share of steps walking the lattice of bounds, corner to corner (default \(d.cornerShare))",
            "global_score: ucb | thompson, how global candidates are scored (default \(d.globalScore.rawValue))",
            "local_model: critics | gp, what scores trust-region candidates (default \(d.localModel.rawValue))",
            "local_points: evaluations the local GP is fitted to, the nearest (default \(d.localPoints))",
            "local_every: the local GP scores every n-th trust-region step (default \(d.localEvery))",
            "bound_bias: probability that a sampled knob takes a bound of its range (default \(d.boundBias))",
            "perturbed_knobs: expected knobs a trust-region candidate changes (default \(d.perturbedKnobs))",
            "boundary_budget: share of the budget boundary searches may take (default \(d.boundaryBudget))",
            "upper_bound: probability that a biased knob takes its upper bound (default \(d.upperBound))",
            "probe_upper_bound: probability that a bound probe takes the upper bound (default \(d.probeUpperBound))",
            "boundary_probes: probes bisecting between the incumbent and a failed configuration (default \(d.boundaryProbes))",
            "transfer_from: a results folder of a campaign on the same knobs: its best configurations first, its trials in the critics",
        ]
            + DDPGParameters.help(d.ddpg)
    }

    let options: SampleAwareDDPG.Options
    let transfer: TransferSource?

    init(_ parameters: inout ParameterReader) {
        transfer = TransferSource.read(&parameters)
        var options = SampleAwareDDPG.Options()
        options.warmStart =
            parameters.integer("warm_start", default: options.warmStart, range: 0...10_000) ?? options.warmStart
        options.pretrainUpdates =
            parameters.integer("pretrain_updates", default: options.pretrainUpdates, range: 0...100_000)
            ?? options.pretrainUpdates
        options.cloningSteps =
            parameters.integer("cloning_steps", default: options.cloningSteps, range: 0...100_000)
            ?? options.cloningSteps
        options.screening = parameters.boolean("screening", default: options.screening)
        options.candidates =
            parameters.integer("candidates", default: options.candidates, range: 2...100_000) ?? options.candidates
        options.kappa = parameters.real("kappa", default: options.kappa, range: 0...100)
        options.restart = parameters.choice("restart", default: options.restart)
        options.uniformShare = parameters.real("uniform_share", default: options.uniformShare, range: 0...1)
        options.boundProbeShare = parameters.real("bound_probe_share", default: options.boundProbeShare, range: 0...1)
        // Added off after the recorded evidence: it enters the agent's identity (its random streams) only when
        // given, so that the manifests of the recorded results still reproduce them byte for byte.
        if parameters.has("corner_share") {
            options.cornerShare = parameters.real("corner_share", default: options.cornerShare, range: 0...1)
        }
        options.globalScore = parameters.choice("global_score", default: options.globalScore)
        options.localModel = parameters.choice("local_model", default: options.localModel)
        options.localPoints =
            parameters.integer("local_points", default: options.localPoints, range: 3...10_000) ?? options.localPoints
        options.localEvery =
            parameters.integer("local_every", default: options.localEvery, range: 1...10_000) ?? options.localEvery
        options.boundBias = parameters.real("bound_bias", default: options.boundBias, range: 0...1)
        options.boundaryBudget = parameters.real("boundary_budget", default: options.boundaryBudget, range: 0...1)
        options.upperBound = parameters.real("upper_bound", default: options.upperBound, range: 0...1)
        options.probeUpperBound = parameters.real(
            "probe_upper_bound", default: options.probeUpperBound, range: 0...1)
        options.boundaryProbes =
            parameters.integer("boundary_probes", default: options.boundaryProbes, range: 0...1000)
            ?? options.boundaryProbes
        options.perturbedKnobs =
            parameters.integer("perturbed_knobs", default: options.perturbedKnobs, range: 1...10_000)
            ?? options.perturbedKnobs
        options.ddpg = DDPGParameters.read(&parameters, defaults: options.ddpg)
        if transfer != nil, options.ddpg.state == .metrics {
            parameters.report(
                "transfer_from", "needs state: none (the transferred trials carry no metrics of this system)")
        }
        self.options = options
    }

    var defaultLabel: String { Self.typeName }

    func problem(tuning space: KnobSpace, objective: Objective) -> String? {
        transfer?.problem(for: space, objective: objective)
    }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        var options = options
        if let transfer { options.transfer = try transfer.samples(requiredFor: task) }
        return SampleAwareDDPG(task: task, options: options, seed: seed)
    }
}

/// The manifest keys of `DDPGOptions`, shared by both DDPG agents.
enum DDPGParameters {
    static func read(_ p: inout ParameterReader, defaults d: DDPGOptions) -> DDPGOptions {
        var o = d
        o.actorHidden = p.integers("actor_hidden", default: d.actorHidden, range: 1...4096)
        o.criticHidden = p.integers("critic_hidden", default: d.criticHidden, range: 1...4096)
        o.actorLearningRate = Float(p.real("actor_lr", default: Double(d.actorLearningRate), range: 1e-7...1))
        o.criticLearningRate = Float(p.real("critic_lr", default: Double(d.criticLearningRate), range: 1e-7...1))
        o.batchSize = p.integer("batch_size", default: d.batchSize, range: 1...4096) ?? d.batchSize
        o.gamma = Float(p.real("gamma", default: Double(d.gamma), range: 0...1))
        o.tau = Float(p.real("tau", default: Double(d.tau), range: 0...1))
        o.noiseTheta = p.real("noise_theta", default: d.noiseTheta, range: 0...10)
        o.noiseSigma = p.real("noise_sigma", default: d.noiseSigma, range: 0...10)
        o.updatesPerStep =
            p.integer("updates_per_step", default: d.updatesPerStep, range: 0...10_000) ?? d.updatesPerStep
        o.gradientClip = Float(p.real("gradient_clip", default: Double(d.gradientClip), range: 1e-6...1e9))
        o.critics = p.integer("critics", default: d.critics, range: 1...64) ?? d.critics
        o.clippedDoubleQ = p.boolean("clipped_double_q", default: d.clippedDoubleQ)
        o.prioritizedReplay = p.boolean("prioritized_replay", default: d.prioritizedReplay)
        o.priorityAlpha = p.real("priority_alpha", default: d.priorityAlpha, range: 0...10)
        o.priorityBeta = p.real("priority_beta", default: d.priorityBeta, range: 0...1)
        o.bestBonus = p.real("best_bonus", default: d.bestBonus, range: 1...1000)
        o.reward = p.choice("reward", default: d.reward)
        o.failureReward = p.choice("failure_reward", default: d.failureReward)
        o.state = p.choice("state", default: d.state)
        if o.clippedDoubleQ && o.critics < 2 {
            p.report("clipped_double_q", "needs critics: 2 or more (got \(o.critics))")
        }
        return o
    }

    static func help(_ d: DDPGOptions) -> [String] {
        [
            "actor_hidden, critic_hidden: layer widths (default \(d.actorHidden), \(d.criticHidden))",
            "actor_lr, critic_lr: Adam learning rates (default \(d.actorLearningRate), \(d.criticLearningRate))",
            "batch_size (default \(d.batchSize)), gamma (default \(d.gamma)), tau (default \(d.tau))",
            "noise_theta, noise_sigma: Ornstein-Uhlenbeck noise (default \(d.noiseTheta), \(d.noiseSigma))",
            "updates_per_step: gradient updates per evaluation (default \(d.updatesPerStep))",
            "critics: ensemble size (default \(d.critics)); clipped_double_q (default \(d.clippedDoubleQ))",
            "prioritized_replay (default \(d.prioritizedReplay)), priority_alpha, priority_beta, best_bonus",
            "reward: cdbtune | relative | log-relative (default \(d.reward.rawValue)); gradient_clip (default \(d.gradientClip))",
            "failure_reward: floor | worst (default \(d.failureReward.rawValue))",
            "state: metrics | none (default \(d.state.rawValue))",
        ]
    }
}
