import TuningKit
import XCTest

/// An environment that aborts hopeless trials early (PostgreSQL's `early_abort`) compares a running trial's
/// throughput with the incumbent's: the loop must hand it the incumbent's whole measurement, not only its
/// objective.
final class TuningLoopIncumbentTests: XCTestCase {
    private final class Server: Environment {
        let space = KnobSpace([Knob(name: "x", domain: .integer(0...9), defaultValue: .integer(0))])
        let metricNames: [String] = []
        let objective = Objective(name: "throughput", unit: "tx/s", direction: .maximize)
        func evaluate(_ configuration: Configuration, trial: Int) throws -> TuningKit.Measurement {
            guard case .integer(let x) = configuration.values[0] else { return .failure("not an integer") }
            let throughput = Double(100 + 10 * x)
            return TuningKit.Measurement(objective: throughput, throughput: throughput, latencyMean: 1000 / throughput)
        }
    }

    private final class Counter: Agent {
        var next = 0
        func ask() throws -> Configuration {
            next += 1
            return Configuration([.integer([3, 1, 7, 2][(next - 1) % 4])])
        }
        func tell(_ observation: Observation) throws {}
    }

    func testTheIncumbentMeasurementKeepsItsThroughputAndLatency() throws {
        let server = Server()
        var loop = TuningLoop(environment: server, agent: Counter())
        XCTAssertNil(loop.incumbentMeasurement, "nothing measured yet")
        for _ in 0..<5 {
            let (configuration, agentTime) = try loop.propose()
            let measurement = try server.evaluate(configuration, trial: loop.step)
            _ = try loop.complete(configuration, measurement, agentTime: agentTime, evaluationTime: .zero)
        }
        let incumbent = try XCTUnwrap(loop.incumbentMeasurement)
        XCTAssertEqual(incumbent.objective, 170, "x = 7 is the best of 0, 3, 1, 7, 2")
        XCTAssertEqual(incumbent.throughput, 170)
        XCTAssertEqual(try XCTUnwrap(incumbent.latencyMean), 1000 / 170, accuracy: 1e-12)
    }
}
