import Simulator
import TuningKit

/// Manifest type `simulator`: a simulated database response surface.
struct SimulatorSpec: EnvironmentSpec {
    static let typeName = "simulator"
    static let summary = "simulated PostgreSQL-like database: mean latency (ms) over memory and WAL knobs, known optimum"
    static let parameterHelp = ["noise: coefficient of variation of measurement noise (default 0.03)"]

    let noise: Double

    init(_ parameters: inout ParameterReader) {
        noise = parameters.real("noise", default: 0.03, range: 0...1)
    }

    var defaultLabel: String { Self.typeName }

    func make(seed: UInt64) throws -> any Environment {
        QuadraticSurface(noise: noise, seed: seed)
    }
}
