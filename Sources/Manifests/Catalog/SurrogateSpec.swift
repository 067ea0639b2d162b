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
    static var parameterHelp: [String] { parameters.help(Settings()) }

    /// What a manifest entry sets.
    struct Settings {
        var path = ""
        var model: SurrogateModel?
        var noise = true
    }

    /// The keys, in the order they are read (the model after `noise`, so that its errors come last).
    static var parameters: [Parameter<Settings>] {
        [
            .custom("model", "the JSON file satune calibrate wrote", values: "a file (required)") { reader, settings in
                settings.path = reader.string("model") ?? ""
            },
            .boolean("noise", \.noise, "add the measurement noise the fit found (false: the bare surface)"),
        ]
    }

    let path: String
    let model: SurrogateModel?
    let noise: Bool

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        if !settings.path.isEmpty {
            do {
                let (read, fingerprint) = try SurrogateModel.read(path: settings.path)
                settings.model = read
                parameters.resolve("model_hash", fingerprint)
            } catch {
                parameters.report("model", "\(error)")
            }
        }
        (path, model, noise) = (settings.path, settings.model, settings.noise)
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
