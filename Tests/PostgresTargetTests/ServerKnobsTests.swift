import TuningKit
import XCTest

@testable import PostgresTarget

/// The real server's knobs are the simulator's, with ranges scaled to the machine.
final class ServerKnobsTests: XCTestCase {
    let small = Machine(memoryBytes: 8 * 1_073_741_824, cores: 2)

    func testTheKnobsAreTheSimulatorsNamesUnitsDefaultsAndOrder() {
        let real = ServerKnobs.all(for: small)
        XCTAssertEqual(real.map(\.name), PostgresKnobs.all.map(\.name))
        XCTAssertEqual(real.map(\.unit), PostgresKnobs.all.map(\.unit))
        XCTAssertEqual(real.map(\.defaultValue), PostgresKnobs.all.map(\.defaultValue))
    }

    func testRangesScaleWithMemoryAndCoresInsideTheSimulators() throws {
        let space = KnobSpace(ServerKnobs.all(for: small))
        func upper(_ name: String) -> Int? {
            guard case .integer(let range) = space[name]?.domain else { return nil }
            return range.upperBound
        }
        XCTAssertEqual(upper("shared_buffers"), 16 * 131_072, "twice 8 GiB, in 8 kB pages")
        XCTAssertEqual(upper("effective_cache_size"), 8 * 131_072)
        XCTAssertEqual(upper("work_mem"), 2 * 1_048_576, "a quarter of the memory, in kB")
        XCTAssertEqual(upper("max_parallel_workers_per_gather"), 4)
        XCTAssertEqual(upper("max_worker_processes"), 8, "never below the default")
        for (real, simulated) in zip(space.knobs, PostgresKnobs.all) {
            switch (real.domain, simulated.domain) {
            case (.integer(let r), .integer(let s)):
                XCTAssertTrue(s.lowerBound <= r.lowerBound && r.upperBound <= s.upperBound, real.name)
            case (.categorical(let r), .categorical(let s)):
                XCTAssertTrue(Set(r).isSubset(of: Set(s)), real.name)
            default:
                XCTAssertEqual(real.domain, simulated.domain, real.name)
            }
        }
        XCTAssertEqual(space["synchronous_commit"]?.domain, .categorical(["off", "on"]), "no standby: local = on")
        XCTAssertNoThrow(try space.validate(space.defaultConfiguration))
    }

    func testKnobsAreChosenByCountOrName() throws {
        XCTAssertEqual(
            try ServerKnobs.space(count: 3, machine: small).names, ["shared_buffers", "work_mem", "synchronous_commit"])
        XCTAssertEqual(
            try ServerKnobs.space(names: ["synchronous_commit", "shared_buffers"], machine: small).names,
            ["shared_buffers", "synchronous_commit"], "in importance order")
        XCTAssertThrowsError(try ServerKnobs.space(names: ["shared_bufers"], machine: small)) {
            XCTAssertTrue("\($0)".hasPrefix("unknown knob shared_bufers; known: shared_buffers"), "\($0)")
        }
    }
}
