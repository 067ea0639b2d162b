import Foundation
import Results
import TuningKit

/// A trial as the page and scripts read it (`/events`, `/api/trials`, `/api/run`): the run and step,
/// what was measured, the best so far, and the agent's decision; with `detail`, the configuration and
/// the internal metrics too. Keys are the column names of `trials.csv`.
struct TrialPayload: Encodable {
    struct DecisionPayload: Encodable {
        let kind: String
        let predicted: Double?, spread: Double?, score: Double?
        let candidates: Int?
        let trustRegion: Double?
        let restarts: Int?
    }

    let index: Int
    let experiment: String, environment: String, agent: String
    let seed: UInt64
    let step: Int
    let objective: Double?, bestObjective: Double?
    let throughput: Double?, latencyMean: Double?, latencyP50: Double?, latencyP95: Double?, latencyP99: Double?
    let regret: Double?, normalizedRegret: Double?
    let failed: Bool
    let failureReason: String?
    let decision: DecisionPayload?
    let elapsedMs: Double?, agentMs: Double?
    let knobs: [String: String]?
    let metrics: [String: Double]?

    init(_ record: TrialRecord, index: Int, detail: Bool) {
        self.index = index
        (experiment, environment, agent, seed, step) = (
            record.experiment, record.environment, record.agent, record.seed, record.step
        )
        (objective, bestObjective) = (record.objective, record.bestObjective)
        (throughput, latencyMean, latencyP50, latencyP95, latencyP99) = (
            record.throughput, record.latencyMean, record.latencyP50, record.latencyP95, record.latencyP99
        )
        (regret, normalizedRegret) = (record.regret, record.normalizedRegret)
        (failed, failureReason) = (record.failed, record.failureReason)
        decision = record.decision.map {
            DecisionPayload(
                kind: $0.family.rawValue, predicted: $0.predicted, spread: $0.spread, score: $0.score,
                candidates: $0.candidates,
                trustRegion: $0.trustRegion, restarts: $0.restarts)
        }
        (elapsedMs, agentMs) = (record.elapsedMs, record.agentMs)
        guard detail else {
            (knobs, metrics) = (nil, nil)
            return
        }
        var knobs: [String: String] = [:], metrics: [String: Double] = [:]
        for (name, value) in zip(record.schema.knobNames, record.knobValues) { if let value { knobs[name] = value } }
        for (name, value) in zip(record.schema.metricNames, record.metricValues) {
            if let value, value.isFinite { metrics[name] = value }  // JSON has no NaN
        }
        (self.knobs, self.metrics) = (knobs, metrics)
    }
}

/// `/api/summary`: the campaign, its environments and agents, and each run's progress.
struct SummaryPayload: Encodable {
    struct EnvironmentPayload: Encodable {
        let label: String, type: String
        let objective: String, unit: String, direction: String
        let optimum: Double?
        let knobs: Int
        let realSystem: Bool
        let changeStep: Int?
    }

    struct AgentPayload: Encodable {
        let label: String, type: String
    }

    struct CellPayload: Encodable {
        let environment: String, agent: String
        let seed: UInt64
        let steps: Int
        let bestObjective: Double?
        let complete: Bool
    }

    let experiment: String
    let folder: String
    let budget: Int
    let seeds: [UInt64]
    let environments: [EnvironmentPayload]
    let agents: [AgentPayload]
    let cells: [CellPayload]
    let cellsDone: Int, cellsTotal: Int
    let trials: Int, trialsExpected: Int
    let manualTrials: Int
    /// What went wrong reading trials.csv, if anything.
    let problem: String?

    init(info: RunInfo, folder: ResultsFolder, records: [TrialRecord], manualTrials: Int, problem: String?) {
        experiment = info.experiment
        self.folder = folder.path
        budget = info.budget
        seeds = info.seeds
        environments = info.environments.map {
            EnvironmentPayload(
                label: $0.label, type: $0.type, objective: $0.objective.name, unit: $0.objective.unit,
                direction: $0.objective.direction.rawValue, optimum: $0.optimum, knobs: $0.knobs.count,
                realSystem: $0.timingSensitive, changeStep: $0.changeStep)
        }
        agents = info.agents.map { AgentPayload(label: $0.label, type: $0.type) }
        var byCell: [CellKey: (steps: Int, best: Double?)] = [:]
        for record in records {
            byCell[record.cell, default: (0, nil)].steps += 1
            if let best = record.bestObjective { byCell[record.cell]!.best = best }
        }
        let steps = info.budget + 1
        cells = info.cells.map { key in
            let done = byCell[key]
            return CellPayload(
                environment: key.environment, agent: key.agent, seed: key.seed, steps: done?.steps ?? 0,
                bestObjective: done?.best, complete: (done?.steps ?? 0) >= steps)
        }
        cellsDone = cells.filter(\.complete).count
        cellsTotal = cells.count
        trials = records.count
        trialsExpected = cells.count * steps
        self.manualTrials = manualTrials
        self.problem = problem
    }
}

/// `/api/knobs?environment=`: an environment's knob space.
struct KnobPayload: Encodable {
    let name: String, type: String, range: String
    let unit: String?
    let `default`: String
    let logScale: Bool
    let choices: [String]?

    init(_ knob: RunInfo.KnobInfo) {
        (name, type, range, unit, self.default, logScale, choices) = (
            knob.name, knob.type, knob.range, knob.unit, knob.defaultValue, knob.logScale, knob.choices
        )
    }
}

/// JSON with sorted keys (stable for scripts and tests), in snake case like the columns of `trials.csv`
/// (`bestObjective` is written `best_objective`; knob and metric names are snake case already).
enum JSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
