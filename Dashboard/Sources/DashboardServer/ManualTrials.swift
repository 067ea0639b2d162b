import Experiments
import Foundation
import TuningKit

/// Evaluates configurations typed by hand on one of the campaign's environments and records them in
/// `manual-trials.csv` (never in `trials.csv`). Each environment is built once, from the folder's own
/// `manifest.yaml`, the first time it is asked for; evaluations run one at a time on a queue of their
/// own (a real database's can take seconds), so the server's threads stay free for the page.
final class ManualTrials: @unchecked Sendable {
    /// A configuration to try: the environment's label and knob values as typed (knobs not given keep
    /// their defaults).
    struct Request: Sendable {
        let environment: String
        let knobs: [String: String]
    }

    /// Why a request was refused: a message per field (`environment` or a knob's name), and the HTTP
    /// status (400 for bad input, 500 when the environment cannot be built).
    struct Refusal: Error {
        let status: Int
        let errors: [String: String]
    }

    /// Noise of manual trials comes from trial numbers from here on, apart from any run's. (A system
    /// that changes during a run is therefore measured as it is after the change.)
    static let firstTrial = 1_000_000

    private let folder: ResultsFolder
    private let info: RunInfo
    private let queue = DispatchQueue(label: "satune.dashboard.manual-trials")
    private var environments: [String: any Environment] = [:]
    private var log: ManualTrialLog?
    /// Manual trials in the folder, behind a lock of its own: reading it never waits for an evaluation.
    private var recorded: Int
    private let countLock = NSLock()

    init(folder: ResultsFolder, info: RunInfo) {
        self.folder = folder
        self.info = info
        recorded = (try? CSVText.read(folder.file(ResultsFolder.manualTrialsFile)).rows.count) ?? 0
    }

    /// Manual trials in the folder.
    var count: Int { countLock.withLock { recorded } }

    /// Checks, evaluates and records a request.
    func evaluate(_ request: Request) async throws -> TrialRecord {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.evaluateOnQueue(request) })
            }
        }
    }

    private func evaluateOnQueue(_ request: Request) throws -> TrialRecord {
        guard info.environment(request.environment) != nil else {
            let known = info.environments.map(\.label).joined(separator: ", ")
            throw Refusal(
                status: 400,
                errors: ["environment": "no environment is named \"\(request.environment)\"; known: \(known)"])
        }
        let env = try environment(request.environment)
        var errors: [String: String] = [:]
        var values = env.space.defaultConfiguration.values
        for (name, text) in request.knobs {
            guard let i = env.space.knobs.firstIndex(where: { $0.name == name }) else {
                errors[name] = "not a knob of \(request.environment)"
                continue
            }
            do {
                values[i] = try env.space.knobs[i].parse(text)
            } catch {
                errors[name] = error.message
            }
        }
        guard errors.isEmpty else { throw Refusal(status: 400, errors: errors) }
        let configuration = Configuration(values)
        let start = ContinuousClock.now
        let measurement = TuningLoop.measure(configuration, in: env, trial: Self.firstTrial + count)
        let elapsed = (ContinuousClock.now - start).seconds * 1000
        if log == nil { log = try ManualTrialLog(folder: folder, info: info) }
        let record = try log!.record(
            environment: request.environment, configuration: configuration, space: env.space,
            measurement: measurement, metricNames: env.metricNames, elapsedMs: elapsed)
        let total = log!.count
        countLock.withLock { recorded = total }
        return record
    }

    /// The environment labelled `label`, built from the folder's manifest on first use.
    private func environment(_ label: String) throws -> any Environment {
        if let built = environments[label] { return built }
        do {
            let manifest = try Manifest.load(path: folder.file(ResultsFolder.manifestFile).path)
            guard let entry = manifest.environments.first(where: { $0.label == label }) else {
                throw PlainError("the folder's manifest.yaml has no environment \(label)")
            }
            let built = try entry.spec.make(seed: 0)
            environments[label] = built
            return built
        } catch {
            throw Refusal(status: 500, errors: ["environment": "cannot build \(label): \(PlainError.describe(error))"])
        }
    }
}
