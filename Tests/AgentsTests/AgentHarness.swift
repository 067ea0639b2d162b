import Agents
import Simulator
import TuningKit

/// Runs an agent on an environment as the runner does (default first, then `budget` proposals) and
/// returns the proposals and the best cost.
func drive(_ agent: any Agent, on env: any Environment, budget: Int) throws -> (proposals: [Configuration], best: Double) {
    var tracker = Performance(throughput: nil, latency: nil)
    var initial: Performance?
    let reward = CDBTuneReward()
    var proposals: [Configuration] = []
    var best = Double.infinity
    for step in 0...budget {
        let configuration = step == 0 ? env.defaultConfiguration : try agent.ask()
        if step > 0 { proposals.append(configuration) }
        try env.space.validate(configuration)
        let measurement = try env.evaluate(configuration, trial: step)
        let cost = measurement.objective.map(env.objective.cost)
        let performance = Performance(measurement, objective: env.objective)
        var r = 0.0
        if let performance, let initial { r = reward.reward(initial: initial, previous: tracker, current: performance) }
        if initial == nil { initial = performance }
        if let performance { tracker = performance }
        if let cost { best = min(best, cost) }
        try agent.tell(Observation(step: step, configuration: configuration, point: env.space.encode(configuration),
                                   measurement: measurement, cost: cost, reward: r))
    }
    return (proposals, best)
}

/// DDPG options with tiny networks, so that tests run fast in debug builds.
func tinyOptions(_ options: DDPGOptions = DDPGOptions()) -> DDPGOptions {
    var o = options
    o.actorHidden = [16, 16]
    o.criticHidden = [16, 16]
    o.batchSize = 8
    return o
}

func task(_ env: any Environment, budget: Int) -> TuningTask {
    TuningTask(space: env.space, objective: env.objective, metricNames: env.metricNames, budget: budget)
}
