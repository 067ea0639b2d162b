import Simulator
import TuningKit

/// Manifest types `branin`, `hartmann6`, `rosenbrock`, `ackley`, `levy`: standard test functions.
struct BenchmarkFunctionSpec<Kind: BenchmarkFunctionKind>: EnvironmentSpec {
    static var typeName: String { Kind.kind.rawValue }
    static var summary: String {
        let domain = Kind.kind.fixedDimension.map { "\($0)-d" } ?? "any dimension"
        return "\(Kind.kind.rawValue) test function (\(domain)), minimum \(Kind.kind.optimum)"
    }
    static var parameterHelp: [String] {
        Kind.kind.fixedDimension == nil ? ["dimensions: 2..100 (default 6)"] : []
    }

    let dimensions: Int

    init(_ parameters: inout ParameterReader) {
        if let fixed = Kind.kind.fixedDimension {
            dimensions = fixed
        } else {
            dimensions = parameters.integer("dimensions", default: 6, range: 2...100) ?? 6
        }
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
