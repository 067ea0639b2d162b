import Foundation
import Manifests
import Results
import TuningKit

/// A configuration tried by hand (`satune evaluate`, which the dashboard's form calls) on one of a campaign's
/// environments: the environment built from the folder's own `manifest.yaml`, the knobs given checked against
/// its space (the others keep their defaults), the configuration measured as a run measures it, and the
/// result recorded in `manual-trials.csv`, never in `trials.csv`.
public enum ManualTrial {
    /// Why a request was refused: a message per field (`environment`, or a knob's name), and whose fault it is.
    public struct Refusal: Error, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// The request named no environment of the campaign, or a bad knob value.
            case badInput = "bad-input"
            /// The environment could not be built (its workload file is gone, a server is missing).
            case environment
        }
        public let kind: Kind
        public let errors: [String: String]

        public var description: String {
            errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
    }

    /// Noise of manual trials comes from trial numbers from here on, apart from any run's. (A system that
    /// changes during a run is therefore measured as it is after the change.)
    public static let firstTrial = 1_000_000

    /// Checks, measures and records `knobs` (name to value as text) on the environment labelled `label`;
    /// returns the record written.
    public static func evaluate(folder: ResultsFolder, environment label: String, knobs: [String: String]) throws
        -> TrialRecord
    {
        let info = try RunInfo.read(from: folder.url)
        guard info.environment(label) != nil else {
            let known = info.environments.map(\.label).joined(separator: ", ")
            throw Refusal(
                kind: .badInput,
                errors: ["environment": "no environment is named \"\(Echo.shortened(label))\"; known: \(known)"])
        }
        let env = try environment(label, in: folder)
        var errors: [String: String] = [:]
        var values = env.space.defaultConfiguration.values
        for (name, text) in knobs {
            guard let i = env.space.knobs.firstIndex(where: { $0.name == name }) else {
                errors[name] = "not a knob of \(label)"
                continue
            }
            do {
                values[i] = try env.space.knobs[i].parse(text)
            } catch {
                errors[name] = error.message
            }
        }
        guard errors.isEmpty else { throw Refusal(kind: .badInput, errors: errors) }
        let log = try ManualTrialLog(folder: folder, info: info)
        let configuration = Configuration(values)
        let start = ContinuousClock.now
        let measurement = TuningLoop.measure(configuration, in: env, trial: firstTrial + log.count)
        return try log.record(
            environment: label, configuration: configuration, space: env.space, measurement: measurement,
            metricNames: env.metricNames, elapsedMs: (ContinuousClock.now - start).seconds * 1000)
    }

    /// The environment labelled `label`, built from the folder's manifest.
    private static func environment(_ label: String, in folder: ResultsFolder) throws -> any Environment {
        do {
            let manifest = try Manifest.load(path: folder.file(ResultsFolder.manifestFile).path)
            guard let entry = manifest.environments.first(where: { $0.label == label }) else {
                throw PlainError("the folder's manifest.yaml has no environment \(label)")
            }
            return try entry.spec.make(seed: 0)
        } catch {
            throw Refusal(
                kind: .environment, errors: ["environment": "cannot build \(label): \(PlainError.describe(error))"])
        }
    }
}
