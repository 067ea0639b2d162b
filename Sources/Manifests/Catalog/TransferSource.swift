import Agents
import Foundation
import Results
import TuningKit

/// The trials of a finished campaign, read for transfer (manifest key `transfer_from` of sample-aware
/// DDPG and Bayesian optimization): every trial of an environment with the same knobs and objective as the
/// one being tuned becomes a `PriorSample`, its cost relative to its own run's default.
struct TransferSource: Sendable {
    let folder: String
    let results: CampaignResults
    /// FNV-1a of the source's trials (their lines in a fixed order, without the wall-clock columns), part
    /// of the agent's identity: other trials, other results; the same trials re-run, the same results.
    let fingerprint: String

    init(folder: String) throws {
        let results = try CampaignResults.load(ResultsFolder(path: folder))
        guard !results.trials.isEmpty else { throw PlainError("\(folder) holds no trials to transfer from") }
        self.folder = folder
        self.results = results
        let lines = results.trials.map { trial in
            var untimed = trial
            (untimed.elapsedMs, untimed.agentMs, untimed.tellMs) = (nil, nil, nil)
            return untimed.schema.line(untimed)
        }
        fingerprint = String(fnv1a(Data(lines.sorted().joined().utf8)), radix: 16)
    }

    /// The samples of the source's environments whose knobs are `space`'s and whose objective is `objective`.
    func samples(for space: KnobSpace, objective: Objective) -> [PriorSample] {
        let matching = Set(
            results.info.environments.filter { env in
                Self.kinds(env.knobs) == Self.kinds(space.knobs.map(RunInfo.KnobInfo.init))
                    && env.objective.objective == objective
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

    /// Knobs by name and type (ranges may differ between hardware profiles; a value outside this system's
    /// range drops its trial).
    private static func kinds(_ knobs: [RunInfo.KnobInfo]) -> Set<[String]> { Set(knobs.map { [$0.name, $0.type] }) }

    /// The samples for a task; none is an error naming the folder.
    func samples(requiredFor task: TuningTask) throws -> [PriorSample] {
        let found = samples(for: task.space, objective: task.objective)
        guard !found.isEmpty else { throw PlainError(Self.nothingToTransfer(from: folder, objective: task.objective)) }
        return found
    }

    /// Why the source cannot seed a system of knobs `space` and `objective`, or nil when it can.
    func problem(for space: KnobSpace, objective: Objective) -> String? {
        samples(for: space, objective: objective).isEmpty
            ? Self.nothingToTransfer(from: folder, objective: objective) : nil
    }

    private static func nothingToTransfer(from folder: String, objective: Objective) -> String {
        "transfer_from \(folder): no trials of an environment with these knobs (names and types) and objective "
            + "(\(objective.label)) whose values fit this system's ranges"
    }

    /// The `transfer_from` key of an agent: a results folder whose trials start the agent (`what` says how),
    /// read if given; a folder that cannot be read is a problem of that key.
    static func parameter<Settings>(_ path: WritableKeyPath<Settings, TransferSource?>, _ what: String)
        -> Parameter<Settings>
    {
        .custom(
            "transfer_from", "a results folder of a campaign on the same knobs: \(what)",
            values: "a folder (default none)"
        ) { parameters, settings in
            guard parameters.has("transfer_from"), let folder = parameters.string("transfer_from") else { return }
            do {
                let source = try TransferSource(folder: folder)
                parameters.resolve("transfer_from", source.fingerprint)
                settings[keyPath: path] = source
            } catch {
                parameters.report("transfer_from", "cannot transfer from \(folder): \(PlainError.describe(error))")
            }
        }
    }
}
