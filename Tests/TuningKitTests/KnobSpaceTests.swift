import TuningKit
import XCTest

final class KnobSpaceTests: XCTestCase {
    let space = KnobSpace([
        Knob(name: "a", domain: .integer(1...100), defaultValue: .integer(10)),
        Knob(name: "b", domain: .real(0.5...4), defaultValue: .real(4), logScale: true),
        Knob(name: "c", domain: .categorical(["x", "y", "z"]), defaultValue: .categorical("y")),
    ])

    func testUnitCubeRoundTrip() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let configuration = space.decode((0..<3).map { _ in g.nextDouble() })
            XCTAssertNoThrow(try space.validate(configuration))
            let again = space.decode(space.encode(configuration))
            XCTAssertEqual(again.values[0], configuration.values[0])
            XCTAssertEqual(again.values[1].number!, configuration.values[1].number!, accuracy: 1e-12)
            XCTAssertEqual(again.values[2], configuration.values[2])
        }
        XCTAssertEqual(space.decode([-3, 7, .nan]), Configuration([.integer(1), .real(4), .categorical("x")]))
    }

    func testValidationReportsEveryProblem() {
        let bad = Configuration([.integer(0), .real(9), .categorical("w")])
        XCTAssertThrowsError(try space.validate(bad)) { error in
            let problems = (error as! ConfigurationError).problems
            XCTAssertEqual(problems.map(\.knob), ["a", "b", "c"])
        }
        XCTAssertThrowsError(try space.validate(Configuration([.integer(1)])))
    }

    func testAssignments() throws {
        let configuration = try space.configuration(assigning: [("a", "42"), ("c", "z")])
        XCTAssertEqual(configuration, Configuration([.integer(42), .real(4), .categorical("z")]))
        XCTAssertThrowsError(try space.configuration(assigning: [("nope", "1"), ("a", "1000")])) { error in
            let text = "\(error)"
            XCTAssert(text.contains("knob nope: unknown knob; known: a, b, c"), text)
            XCTAssert(text.contains("knob a: 1000 is outside the range 1..100"), text)
        }
    }
}
