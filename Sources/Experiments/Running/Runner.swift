import Foundation
import Logging
import TuningKit

/// Runs every (environment, agent, seed) cell of a manifest and writes the results folder:
/// `manifest.yaml` (the manifest as given), `run.json`, `trials.csv` (a row per evaluation, appended
/// as it happens) and `summary.csv` (a row per environment and agent).
///
/// Cells run in manifest order: environments, then agents, then seeds. Each cell first measures the
/// environment's default configuration (step 0), then lets the agent spend the budget (steps 1...budget).
/// Seeds reach environments and agents through named streams, so all agents on one environment and
/// seed face the same noise (common random numbers, for paired comparisons).
public final class Runner {
    public let manifest: Manifest
    public let folder: URL
    private let logger: Logger

    public init(manifest: Manifest, logger: Logger = Logger(label: "satune.run")) {
        self.manifest = manifest
        self.folder = URL(fileURLWithPath: manifest.output, isDirectory: true)
        self.logger = logger
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public let cells: Int
        public let trials: Int
        public let failedTrials: Int
        /// Cells that stopped early because the agent or environment raised an error, with the error.
        public let brokenCells: [String]
    }

    public func run() throws -> Outcome {
        // Build one instance of each environment up front: the columns need every knob and metric name.
        let prototypes = try manifest.environments.map { try $0.spec.make(seed: 0) }
        let columns = TrialColumns(
            knobNames: unique(prototypes.flatMap(\.space.names)), metricNames: unique(prototypes.flatMap(\.metricNames)))

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(manifest.source.utf8).write(to: folder.appendingPathComponent("manifest.yaml"), options: .atomic)
        let info = runInfo(prototypes)
        try info.write(to: folder)
        let trials = try CSVAppender(folder.appendingPathComponent("trials.csv"), header: columns.header)

        let total = manifest.environments.count * manifest.agents.count * manifest.seeds.count
        var done = 0, trialCount = 0, failedCount = 0
        var broken: [String] = []
        for environment in manifest.environments {
            for agent in manifest.agents {
                for seed in manifest.seeds {
                    done += 1
                    let cell = Cell(experiment: manifest.name, environment: environment, agent: agent, seed: seed,
                                    budget: manifest.budget, columns: columns)
                    let started = ContinuousClock.now
                    let result = cell.run { try trials.append($0) }
                    trialCount += result.trials
                    failedCount += result.failedTrials
                    let seconds = (ContinuousClock.now - started).seconds
                    if let error = result.error {
                        broken.append("\(environment.label) x \(agent.label) seed \(seed): \(error)")
                        logger.error("[\(done)/\(total)] \(environment.label) x \(agent.label) seed \(seed) stopped: \(error)")
                    } else {
                        let best = result.best.map { String(format: "%.4g", $0) } ?? "none"
                        logger.info("[\(done)/\(total)] \(environment.label) x \(agent.label) seed \(seed): best \(best) in \(String(format: "%.2f", seconds)) s")
                    }
                }
            }
        }
        try trials.sync()
        try Summary.write(folder: folder, info: info)
        return Outcome(cells: total, trials: trialCount, failedTrials: failedCount, brokenCells: broken)
    }

    private func runInfo(_ prototypes: [any Environment]) -> RunInfo {
        RunInfo(
            experiment: manifest.name, seeds: manifest.seeds, budget: manifest.budget,
            environments: zip(manifest.environments, prototypes).map { entry, env in
                RunInfo.EnvironmentInfo(
                    label: entry.label, type: entry.typeName,
                    objective: .init(name: env.objective.name, unit: env.objective.unit, direction: env.objective.direction.rawValue),
                    knobs: env.space.knobs.map(RunInfo.KnobInfo.init), metrics: env.metricNames, optimum: env.reference?.optimum)
            },
            agents: manifest.agents.map { RunInfo.AgentInfo(label: $0.label, type: $0.typeName) },
            provenance: .current())
    }

    private func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
