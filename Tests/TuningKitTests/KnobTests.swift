import TuningKit
import XCTest

final class KnobTests: XCTestCase {
    let sharedBuffers = Knob(
        name: "shared_buffers", domain: .integer(16...16384), defaultValue: .integer(128), unit: "MB", logScale: true)
    let cct = Knob(name: "checkpoint_completion_target", domain: .real(0...1), defaultValue: .real(0.9))
    let sync = Knob(
        name: "synchronous_commit", domain: .categorical(["off", "local", "remote_write", "on"]),
        defaultValue: .categorical("on"))
    let jit = Knob(name: "jit", domain: .boolean, defaultValue: .boolean(true))
    let workers = Knob(
        name: "autovacuum_work_mem", domain: .integer(1024...1_048_576), defaultValue: .integer(-1), unit: "kB",
        specialValues: [.init(.integer(-1), meaning: "use maintenance_work_mem")])

    func testDecodeCoversBoundsAndEncodeRoundTrips() {
        XCTAssertEqual(sharedBuffers.decode(0), .integer(16))
        XCTAssertEqual(sharedBuffers.decode(1), .integer(16384))
        XCTAssertEqual(cct.decode(0.25), .real(0.25))
        XCTAssertEqual(sync.decode(0), .categorical("off"))
        XCTAssertEqual(sync.decode(1), .categorical("on"))
        XCTAssertEqual(jit.decode(0.2), .boolean(false))
        XCTAssertEqual(workers.decode(0.01), .integer(-1))
        XCTAssertEqual(workers.decode(1), .integer(1_048_576))
        for value in [16, 17, 100, 128, 4096, 16383, 16384] {
            XCTAssertEqual(sharedBuffers.decode(sharedBuffers.encode(.integer(value))), .integer(value))
        }
        for choice in ["off", "local", "remote_write", "on"] {
            XCTAssertEqual(sync.decode(sync.encode(.categorical(choice))), .categorical(choice))
        }
        XCTAssertEqual(workers.decode(workers.encode(.integer(-1))), .integer(-1))
        XCTAssertEqual(workers.decode(workers.encode(.integer(2048))), .integer(2048))
        XCTAssertEqual(jit.decode(jit.encode(.boolean(true))), .boolean(true))
        XCTAssertEqual(cct.encode(cct.decode(0.3)), 0.3, accuracy: 1e-12)
    }

    func testLogScaleGivesEachOctaveAnEqualShare() {
        // On a log scale, 16..32 MB and 8192..16384 MB are both one of ten octaves.
        let low = sharedBuffers.encode(.integer(32)) - sharedBuffers.encode(.integer(16))
        let high = sharedBuffers.encode(.integer(16384)) - sharedBuffers.encode(.integer(8192))
        XCTAssertEqual(low, high, accuracy: 0.01)
        XCTAssertEqual(low, 0.1, accuracy: 0.01)
    }

    func testANegativeLogScaleRunsFromTheSmallestMagnitude() {
        // SQLite's cache_size: -KiB, from 128 KiB to 1 GiB.
        let knob = Knob(
            name: "cache_size", domain: .integer(-1_048_576 ... -128), defaultValue: .integer(-2000), unit: "kB",
            logScale: true)
        XCTAssertEqual(knob.decode(0), .integer(-128))
        XCTAssertEqual(knob.decode(1), .integer(-1_048_576))
        // Each factor of 8 in magnitude takes the same share of the interval (13 octaves in all).
        let eighth = knob.decode(3.0 / 13.0)
        XCTAssertEqual(Double(-eighth.number!), 1024, accuracy: 2)
        for value in [-128, -2000, -65536, -1_048_576] {
            XCTAssertEqual(knob.decode(knob.encode(.integer(value))), .integer(value))
        }
        XCTAssertEqual(try knob.parse("-64MB"), .integer(-65536))
    }

    func testSafeDropsUnsafeChoices() {
        let knob = Knob(
            name: "synchronous", domain: .categorical(["OFF", "NORMAL", "FULL"]), defaultValue: .categorical("FULL"),
            unsafeValues: [.categorical("OFF")])
        XCTAssertEqual(knob.safe().domain, .categorical(["NORMAL", "FULL"]))
        XCTAssertThrowsError(try knob.safe().parse("OFF"))
        XCTAssertEqual(KnobSpace([knob]).safe().knobs[0].domain, .categorical(["NORMAL", "FULL"]))
    }

    func testIntegersGetEqualSlices() {
        let small = Knob(name: "k", domain: .integer(0...3), defaultValue: .integer(0))
        var counts = [0, 0, 0, 0]
        for i in 0..<1000 { if case .integer(let v) = small.decode((Double(i) + 0.5) / 1000) { counts[v] += 1 } }
        XCTAssertEqual(counts, [250, 250, 250, 250])
    }

    func testValidationAndParsingErrorsNameTheKnobAndWhatIsExpected() throws {
        XCTAssertThrowsError(try sharedBuffers.validate(.integer(99_999))) { error in
            XCTAssertEqual("\(error)", "knob shared_buffers: 99999 is outside the range 16..16384 (MB)")
        }
        XCTAssertThrowsError(try sharedBuffers.parse("lots")) { error in
            XCTAssert("\(error)".contains("\"lots\" is not an integer"), "\(error)")
        }
        XCTAssertThrowsError(try sync.parse("sometimes")) { error in
            XCTAssert("\(error)".contains("is not one of {off, local, remote_write, on}"), "\(error)")
        }
        XCTAssertThrowsError(try cct.validate(.categorical("x")))
        XCTAssertThrowsError(try cct.validate(.real(.nan)))
        XCTAssertEqual(try sync.parse("LOCAL"), .categorical("local"))
        XCTAssertEqual(try jit.parse("off"), .boolean(false))
        XCTAssertEqual(try workers.parse("-1"), .integer(-1))
        XCTAssertEqual(try cct.parse(" 0.5 "), .real(0.5))
    }

    func testAUnitThatDoesNotFitSaysWhichUnitsDo() {
        let timeout = Knob(
            name: "checkpoint_timeout", domain: .integer(30...3600), defaultValue: .integer(300), unit: "s")
        func message(_ knob: Knob, _ text: String) -> String {
            do { _ = try knob.parse(text) } catch { return "\(error)" }
            return "parsed"
        }
        XCTAssertTrue(message(sharedBuffers, "256mb").contains("\"mb\" is not a memory unit (units: B, kB, 8kB, MB"))
        XCTAssertTrue(message(timeout, "5GB").contains("\"GB\" is not a time unit (units: us, ms, s, min, h, d"))
        XCTAssertTrue(message(timeout, "45500ms").contains("45500ms = 45.5 s, not a whole number of s"))
        XCTAssertTrue(message(cct, "0.5x").contains("it takes a plain number"), message(cct, "0.5x"))
        XCTAssertEqual(message(timeout, "5min"), "parsed")
        XCTAssertEqual(message(sharedBuffers, "2GB"), "parsed")
    }

    func testValuesPrintAsTheyParse() throws {
        for (knob, value) in [
            (sharedBuffers, KnobValue.integer(256)), (cct, .real(0.1)), (sync, .categorical("local")),
            (jit, .boolean(false)),
        ] {
            XCTAssertEqual(try knob.parse(value.description), value)
        }
    }
}

final class UnitsTests: XCTestCase {
    func testMemoryAndTimeSuffixes() throws {
        XCTAssertEqual(Units.convert("4GB", to: "8kB"), 524_288)
        XCTAssertEqual(Units.convert("64MB", to: "kB"), 65536)
        XCTAssertEqual(Units.convert("1024", to: "kB"), 1024)
        XCTAssertEqual(Units.convert("5min", to: "s"), 300)
        XCTAssertEqual(Units.convert("250ms", to: "s"), 0.25)
        XCTAssertNil(Units.convert("5min", to: "kB"))
        XCTAssertNil(Units.convert("5", to: "pages"))
        let sharedBuffers = Knob(
            name: "shared_buffers", domain: .integer(16...8_388_608), defaultValue: .integer(16384), unit: "8kB")
        XCTAssertEqual(try sharedBuffers.parse("4GB"), .integer(524_288))
        XCTAssertEqual(try sharedBuffers.parse("128MB"), .integer(16384))
        XCTAssertThrowsError(try sharedBuffers.parse("100GB")) {
            XCTAssertEqual(
                "\($0)", "knob shared_buffers: 100GB = 13107200 (8kB) is outside the range 16..8388608 (8kB)")
        }
        XCTAssertThrowsError(try sharedBuffers.parse("12kB"))  // not a whole number of 8kB pages
        let cct = Knob(name: "checkpoint_completion_target", domain: .real(0...1), defaultValue: .real(0.9))
        XCTAssertThrowsError(try cct.parse("2")) {  // a knob without a unit shows no empty parentheses
            XCTAssertEqual("\($0)", "knob checkpoint_completion_target: 2 = 2.0 is outside the range 0.0..1.0")
        }
    }
}
