import Agents
import Simulator
import TuningKit
import XCTest

/// Runs an agent on an environment with the runner's own loop (the default first, then `budget`
/// proposals) and returns the proposals, each checked to be a valid configuration, and the best cost.
func drive(_ agent: any Agent, on env: any Environment, budget: Int) throws -> (
    proposals: [Configuration], best: Double
) {
    var loop = TuningLoop(environment: env, agent: agent)
    var proposals: [Configuration] = []
    for _ in 0...budget {
        let step = try loop.next()
        try env.space.validate(step.configuration)
        if step.step > 0 { proposals.append(step.configuration) }
    }
    return (proposals, loop.incumbent.map { env.objective.cost($0.objective) } ?? .infinity)
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
