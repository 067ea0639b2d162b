import Simulator
import TuningKit

/// Manifest types `branin`, `hartmann6`, `rosenbrock`, `ackley`, `levy`: standard test functions.
struct BenchmarkFunctionSpec<Kind: BenchmarkFunctionKind>: EnvironmentSpec {
    static var typeName: String { Kind.kind.rawValue }
    static var summary: String {
        let domain = Kind.kind.fixedDimension.map { "\($0)-d" } ?? "any dimension"
        return "\(Kind.kind.rawValue) test function (\(domain)), minimum \(Kind.kind.optimum)"
    }
    static var parameterHelp: [String] { parameters.help(Settings()) }

    struct Settings {
        var dimensions = Kind.kind.fixedDimension ?? 6
    }

    /// The keys: the dimension of a function that has no fixed one.
    static var parameters: [Parameter<Settings>] {
        Kind.kind.fixedDimension == nil ? [.integer("dimensions", \.dimensions, in: 2...100, "the dimension")] : []
    }

    let dimensions: Int

    init(_ parameters: inout ParameterReader) {
        var settings = Settings()
        Self.parameters.read(into: &settings, from: &parameters)
        dimensions = settings.dimensions
    }

    var defaultLabel: String { Kind.kind.fixedDimension == nil ? "\(Self.typeName)-\(dimensions)d" : Self.typeName }

    func make(seed: UInt64) throws -> any Environment { BenchmarkFunction(Kind.kind, dimensions: dimensions) }
}

/// Ties a benchmark function kind to a spec type, so each kind is its own manifest type.
protocol BenchmarkFunctionKind: Sendable { static var kind: BenchmarkFunction.Kind { get } }
enum BraninKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.branin }
enum Hartmann6Kind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.hartmann6 }
enum RosenbrockKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.rosenbrock }
enum AckleyKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.ackley }
enum LevyKind: BenchmarkFunctionKind { static let kind = BenchmarkFunction.Kind.levy }
