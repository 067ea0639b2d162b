import Agents
import Foundation
import TuningKit

/// The trials of a finished campaign, read for transfer (manifest key `transfer_from` of sample-aware
/// DDPG and Bayesian optimization): every trial of an environment with the same knobs and objective as the
/// one being tuned becomes a `PriorSample`, its cost relative to its own run's default.
struct TransferSource: Sendable {
    let folder: String
    let results: CampaignResults
    /// FNV-1a of the source's trials, part of the agent's identity: other trials, other results.
    let fingerprint: String

    init(folder: String) throws {
        let results = try CampaignResults.load(ResultsFolder(path: folder))
        guard !results.trials.isEmpty else { throw FileProblem("\(folder) holds no trials to transfer from") }
        self.folder = folder
        self.results = results
        let bytes = FileManager.default.contents(atPath: ResultsFolder(path: folder).trials.path) ?? Data()
        fingerprint = String(fnv1a(bytes), radix: 16)
    }

    /// The samples of the source's environments whose knobs are `space`'s and whose objective is `objective`.
    func samples(for space: KnobSpace, objective: Objective) -> [PriorSample] {
        let matching = Set(
            results.info.environments.filter { env in
                Set(env.knobs.map(\.name)) == Set(space.names) && env.objective.objective == objective
            }.map(\.label))
        var samples: [PriorSample] = []
        for run in results.runs where matching.contains(run.key.environment) {
            guard let base = run.trials.first?.objective.map(objective.cost), base != 0 else { continue }
            for trial in run.trials.dropFirst() {
                guard let values = try? space.knobs.map({ knob in try knob.parse(trial.knob(knob.name) ?? "") }) else {
                    continue
                }
                let ratio = trial.objective.map { objective.cost($0) / base }
                samples.append(
                    PriorSample(point: space.encode(Configuration(values)), ratio: ratio, sign: base < 0 ? -1 : 1))
            }
        }
        return samples
    }

    /// The samples for a task; none is an error naming the folder.
    func samples(requiredFor task: TuningTask) throws -> [PriorSample] {
        let found = samples(for: task.space, objective: task.objective)
        guard !found.isEmpty else {
            throw FileProblem(
                "transfer_from \(folder): no trials of an environment with these knobs and objective (\(task.objective.label))"
            )
        }
        return found
    }

    /// Reads `transfer_from` of a manifest entry, if given; a folder that cannot be read is a problem of that key.
    static func read(_ parameters: inout ParameterReader) -> TransferSource? {
        guard parameters.has("transfer_from"), let folder = parameters.string("transfer_from") else { return nil }
        do {
            let source = try TransferSource(folder: folder)
            parameters.resolve("transfer_from", source.fingerprint)
            return source
        } catch {
            parameters.report("transfer_from", "cannot transfer from \(folder): \(FileProblem.describe(error))")
            return nil
        }
    }
}
