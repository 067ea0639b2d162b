import Agents
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
        "DDPG with warm start, prioritized replay, critic-screened exploration, twin critics, many updates per "
        + "evaluation"
    static var parameterHelp: [String] {
        let d = SampleAwareDDPG.Options()
        return [
            "warm_start: Latin-hypercube evaluations first (default \(d.warmStart); 0 disables)",
            "pretrain_updates: critic updates after the warm start (default \(d.pretrainUpdates))",
            "cloning_steps: actor steps towards the best warm-start action (default \(d.cloningSteps))",
            "screening: critic-screened exploration, true | false (default \(d.screening))",
            "candidates: actions screened per step (default \(d.candidates))",
            "kappa: weight of the critics' spread in the screening score (default \(d.kappa))",
        ]
            + DDPGParameters.help(d.ddpg)
    }

    let options: SampleAwareDDPG.Options

    init(_ parameters: inout ParameterReader) {
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
        options.ddpg = DDPGParameters.read(&parameters, defaults: options.ddpg)
        self.options = options
    }

    var defaultLabel: String { Self.typeName }

    func make(task: TuningTask, seed: UInt64) throws -> any Agent {
        SampleAwareDDPG(task: task, options: options, seed: seed)
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
            "reward: cdbtune | relative (default \(d.reward.rawValue)); gradient_clip (default \(d.gradientClip))",
            "state: metrics | none (default \(d.state.rawValue))",
        ]
    }
}
