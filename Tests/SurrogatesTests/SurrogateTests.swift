import Foundation
import SQLiteReplayer
import TuningKit
import XCTest

@testable import Surrogates

final class SurrogateTests: XCTestCase {
    /// The SQLite knob space a model was sampled in.
    private func space(of model: SurrogateModel) throws -> KnobSpace {
        try SQLiteKnobs.space(knobs: model.knobs, safeOnly: model.safeOnly)
    }

    /// A model of a known surface over three SQLite knobs: wall time = 2 s x (1 + 3 (u0 - 0.3)^2) x (1 + u2).
    private func syntheticModel() throws -> SurrogateModel {
        let space = try SQLiteKnobs.space(knobs: ["journal_mode", "synchronous", "cache_size"], safeOnly: false)
        var generator = SeededGenerator(seed: 5)
        let points = LatinHypercube.sample(count: 40, dimension: 3, using: &generator).map {
            space.encode(space.decode($0))
        }
        let values = points.map { 2 * (1 + 3 * ($0[0] - 0.3) * ($0[0] - 0.3)) * (1 + $0[2]) }
        let fit = try SurrogateModel.fit(points: points, values: values, seed: 1)
        return SurrogateModel(
            workload: "synthetic", system: nil, knobs: space.names, safeOnly: false, machineMemoryBytes: nil,
            machineCores: nil, objectiveName: "wall_time", objectiveUnit: "s",
            objectiveDirection: .minimize, points: points, values: values, failedPoints: [],
            defaultObjective: values[0],
            hyperparameters: fit.hyperparameters, crossValidationError: fit.cvError, noiseCV: fit.noiseCV,
            provenance: [:])
    }

    func testTheSurfaceReproducesWhatItWasFittedOn() throws {
        let model = try syntheticModel()
        XCTAssertLessThan(model.crossValidationError, 0.05, "a smooth surface is predicted within 5%")
        let data = try JSONEncoder().encode(model)
        let decoded = try JSONDecoder().decode(SurrogateModel.self, from: data)
        let env = try SurrogateEnvironment(model: decoded, space: space(of: decoded), noise: false, seed: 1)
        XCTAssertEqual(env.space.names, ["journal_mode", "synchronous", "cache_size"])
        for (point, value) in zip(model.points, model.values).prefix(10) {
            let predicted = try XCTUnwrap(env.evaluate(env.space.decode(point), trial: 0).objective)
            XCTAssertEqual(predicted, value, accuracy: value * 0.05)
        }
        let optimum = try XCTUnwrap(env.reference?.optimum)
        XCTAssertLessThanOrEqual(
            optimum, model.values.min()! * 1.02, "the searched optimum is at least as good as the best sample")
        XCTAssertGreaterThan(optimum, 1.5, "and no better than the true minimum of 2 s allows, give or take the fit")
    }

    func testNoiseIsSeededAndRelative() throws {
        var model = try syntheticModel()
        model.noiseCV = 0.1
        let a = try SurrogateEnvironment(model: model, space: space(of: model), noise: true, seed: 7),
            b = try SurrogateEnvironment(model: model, space: space(of: model), noise: true, seed: 7)
        let configuration = a.defaultConfiguration
        let draws = try (0..<400).map { try a.evaluate(configuration, trial: $0).objective! }
        XCTAssertEqual(draws[0], try b.evaluate(configuration, trial: 0).objective!)
        let mean = draws.reduce(0, +) / Double(draws.count)
        let sd = (draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)).squareRoot()
        XCTAssertEqual(sd / mean, 0.1, accuracy: 0.02)
    }

    func testCalibrationMeasuresTheDesignOnTheRealReplayer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "satune-calibration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let workload = folder.appendingPathComponent("w.sql")
        try Data("-- @setup\nCREATE TABLE t(x);\n-- @run\nINSERT INTO t VALUES (1);\nSELECT count(*) FROM t;\n".utf8)
            .write(to: workload)
        var options = SQLiteEnvironment.Options()
        options.knobs = ["journal_mode", "synchronous", "cache_size"]
        options.warmup = 0
        options.repetitions = 2
        let env = try SQLiteEnvironment(workload: workload.path, options: options, store: PristineStore(root: folder))
        var seen: [Int] = []
        var source = CalibrationSource(system: "sqlite")
        source.spreadMetric = "wall_time_cv"
        source.repetitions = options.repetitions
        let model = try Calibration.run(env, workload: workload.path, source: source, samples: 6, seed: 3) { i, _, _ in
            seen.append(i)
        }
        XCTAssertEqual(seen, Array(0...6))
        XCTAssertEqual(model.points.count + model.failedPoints.count, 7)
        XCTAssertEqual(model.knobs, ["journal_mode", "synchronous", "cache_size"])
        XCTAssertEqual(model.points[0], env.space.encode(env.defaultConfiguration))
        XCTAssertGreaterThan(model.noiseCV, 0)
        let surface = try SurrogateEnvironment(model: model, space: space(of: model), noise: false, seed: 1)
        XCTAssertNotNil(try surface.evaluate(surface.defaultConfiguration, trial: 0).objective)
    }
}
