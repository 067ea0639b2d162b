import Foundation
import PostgresTarget
import Results
import SQLiteReplayer
import Surrogates
import TuningKit

/// Manifest type `surrogate`: a surface learned from the real SQLite replayer or a real PostgreSQL server by
/// `satune calibrate`.
struct SurrogateSpec: EnvironmentSpec {
    static let typeName = "surrogate"
    static let summary =
        "a response surface learned from real SQLite or PostgreSQL measurements (satune calibrate): cheap trials, "
        + "known optimum"
    static let parameterHelp = [
        "model: the JSON file satune calibrate wrote (required)",
        "noise: true adds the measurement noise the fit found, false gives the bare surface (default true)",
    ]

    let path: String
    let model: SurrogateModel?
    let noise: Bool

    init(_ parameters: inout ParameterReader) {
        path = parameters.string("model") ?? ""
        noise = parameters.boolean("noise", default: true)
        var model: SurrogateModel?
        if !path.isEmpty {
            do {
                let (read, fingerprint) = try SurrogateModel.read(path: path)
                model = read
                parameters.resolve("model_hash", fingerprint)
            } catch {
                parameters.report("model", "\(error)")
            }
        }
        self.model = model
    }

    var defaultLabel: String { "surrogate-" + URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    func make(seed: UInt64) throws -> any Environment {
        guard let model else { throw SurrogateError("no surrogate model") }
        return try SurrogateEnvironment(model: model, space: Self.space(of: model), noise: noise, seed: seed)
    }

    /// The knob space a model was sampled in: the SQLite knobs, or the PostgreSQL knobs with the ranges of the
    /// machine the samples were measured on.
    static func space(of model: SurrogateModel) throws -> KnobSpace {
        switch model.system ?? "sqlite" {
        case "sqlite":
            return try SQLiteKnobs.space(knobs: model.knobs, safeOnly: model.safeOnly)
        case "postgres":
            guard let memory = model.machineMemoryBytes, let cores = model.machineCores else {
                throw SurrogateError("a PostgreSQL surrogate needs machineMemoryBytes and machineCores")
            }
            return try ServerKnobs.space(names: model.knobs, machine: Machine(memoryBytes: memory, cores: cores))
        case let other:
            throw SurrogateError("unknown system \"\(other)\" (sqlite or postgres)")
        }
    }
}
