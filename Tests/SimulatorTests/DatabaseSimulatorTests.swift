import Simulator
import TuningKit
import XCTest

/// The simulator's mechanisms are real: each test moves one knob and checks the documented effect.
final class DatabaseSimulatorTests: XCTestCase {
    private func simulator(_ workload: String, hardware: String = "medium", knobs: Int = 39, seed: UInt64 = 1)
        -> DatabaseSimulator
    {
        DatabaseSimulator(
            workload: Workload.named(workload)!, hardware: Hardware.named(hardware)!, knobCount: knobs, noise: 0.03,
            seed: seed)
    }

    /// The noise-free p95 latency with some knobs changed from their defaults.
    private func latency(_ sim: DatabaseSimulator, _ assignments: [(String, String)]) throws -> Double? {
        sim.noiseFreeObjective(try sim.space.configuration(assigning: assignments.map { (name: $0.0, value: $0.1) }))
    }

    func testKnobCatalogMatchesTheModel() {
        XCTAssertEqual(PostgresKnobs.all.count, 39)
        XCTAssertEqual(Set(PostgresKnobs.all.map(\.name)).count, 39)
        XCTAssertEqual(simulator("oltp-read").metricNames.count, 38)
        XCTAssertEqual(simulator("olap", knobs: 8).space.names, Array(PostgresKnobs.all.prefix(8).map(\.name)))
        for knob in PostgresKnobs.all { XCTAssertNoThrow(try knob.validate(knob.defaultValue)) }
    }

    func testSharedBuffersHelpReadHeavyWork() throws {
        let sim = simulator("oltp-read")
        let tiny = try XCTUnwrap(try latency(sim, [("shared_buffers", "1MB")]))
        let fair = try XCTUnwrap(try latency(sim, [("shared_buffers", "8GB")]))
        XCTAssertLessThan(fair, tiny * 0.9, "8 GB of shared buffers should beat 1 MB by over 10%")
    }

    func testMemoryPastRAMFails() throws {
        let sim = simulator("oltp-write")
        XCTAssertNil(try latency(sim, [("shared_buffers", "40GB")]))
        let measurement = try sim.evaluate(
            try sim.space.configuration(assigning: [("shared_buffers", "40GB")]), trial: 0)
        XCTAssert(measurement.failed)
        XCTAssert(measurement.failureReason!.contains("did not start"), measurement.failureReason!)
        // Large work_mem is harmless until the operations need it, then the OOM killer ends backends.
        let olap = simulator("olap")
        let oom = try olap.evaluate(
            try olap.space.configuration(assigning: [
                ("work_mem", "2GB"), ("hash_mem_multiplier", "8"), ("max_parallel_workers_per_gather", "7"),
            ]), trial: 0)
        XCTAssertEqual(oom.failed, true)
        XCTAssert(oom.failureReason?.contains("out of memory") ?? false, "\(oom)")
        // Near the limit it first degrades (swapping) before failing.
        let tight = try XCTUnwrap(try latency(sim, [("shared_buffers", "30GB")]))
        let comfortable = try XCTUnwrap(try latency(sim, [("shared_buffers", "16GB")]))
        XCTAssertGreaterThan(tight, comfortable)
    }

    func testAsynchronousCommitHelpsWritesNotReads() throws {
        let write = simulator("oltp-write"), read = simulator("oltp-read")
        let writeOn = try XCTUnwrap(try latency(write, [])),
            writeOff = try XCTUnwrap(try latency(write, [("synchronous_commit", "off")]))
        let readOn = try XCTUnwrap(try latency(read, [])),
            readOff = try XCTUnwrap(try latency(read, [("synchronous_commit", "off")]))
        XCTAssertLessThan(writeOff, writeOn * 0.9, "synchronous_commit=off should cut write-heavy latency by over 10%")
        XCTAssertEqual(readOff / readOn, 1, accuracy: 0.02, "and barely change a read-mostly workload")
    }

    func testWorkMemBelowTheSortSizeSlowsAnalytics() throws {
        let sim = simulator("olap")
        let small = try XCTUnwrap(try latency(sim, [("work_mem", "4MB"), ("max_parallel_workers_per_gather", "0")]))
        let enough = try XCTUnwrap(try latency(sim, [("work_mem", "400MB"), ("max_parallel_workers_per_gather", "0")]))
        XCTAssertGreaterThan(small, enough * 1.2)
    }

    func testCheckpointsAndWALSizeMatterForWrites() throws {
        let sim = simulator("oltp-write")
        let small = try XCTUnwrap(try latency(sim, [("max_wal_size", "64MB")]))
        let large = try XCTUnwrap(try latency(sim, [("max_wal_size", "16GB"), ("checkpoint_timeout", "15min")]))
        XCTAssertLessThan(large, small * 0.8)
    }

    func testPlannerCostKnobsSwitchPlansInSteps() throws {
        let sim = simulator("olap")
        let values = try stride(from: 0.5, through: 10, by: 0.25).map {
            try XCTUnwrap(try latency(sim, [("random_page_cost", "\($0)")]))
        }
        let changes = zip(values, values.dropFirst()).map { abs($1 - $0) / $0 }
        XCTAssertGreaterThan(changes.filter { $0 > 0.01 }.count, 0, "some step of random_page_cost switches a plan")
        XCTAssertGreaterThan(
            changes.filter { $0 < 1e-9 }.count, changes.count / 2, "between switches the latency is flat")
    }

    func testParallelWorkersHaveDiminishingReturns() throws {
        let sim = simulator("olap")
        let one = try XCTUnwrap(try latency(sim, [("max_parallel_workers_per_gather", "0")]))
        let two = try XCTUnwrap(try latency(sim, [("max_parallel_workers_per_gather", "2")]))
        let four = try XCTUnwrap(try latency(sim, [("max_parallel_workers_per_gather", "4")]))
        XCTAssertLessThan(two, one * 0.9, "two workers speed analytic queries up")
        XCTAssertGreaterThan(
            one - two, two - four, "the second pair of workers gains less than the first (or loses, by contention)")
    }

    func testOptimumBeatsDefaultByARealisticMargin() {
        for workload in Workload.profiles {
            // Each workload on the machine it describes: pgbench's on the small machine it was measured on.
            let hardware = Hardware.named(workload.name == "tpcb" ? "this-machine" : "medium")!
            let sim = DatabaseSimulator(workload: workload, hardware: hardware, knobCount: 16, noise: 0, seed: 1)
            let defaultValue = sim.noiseFreeObjective(sim.defaultConfiguration)!
            let optimum = sim.reference!.optimum
            XCTAssertLessThan(optimum, defaultValue * 0.85, "\(workload.name): tuning should gain tens of percent")
            XCTAssertGreaterThan(optimum, defaultValue * 0.15, "\(workload.name): but not 100x")
        }
    }

    func testRandomSearchNeverBeatsTheComputedOptimum() {
        for (workload, knobs) in [("oltp-write", 16), ("olap", 39)] {
            let sim = simulator(workload, knobs: knobs)
            let reference = sim.reference!
            var generator = SeededGenerator(seed: 99)
            var evaluated = 0
            for _ in 0..<1000 {
                let configuration = sim.space.decode((0..<sim.space.dimension).map { _ in generator.nextDouble() })
                if let value = reference.noiseFreeObjective(configuration) {  // nil in a crash region
                    evaluated += 1
                    XCTAssertGreaterThanOrEqual(
                        value, reference.optimum, "\(workload): a random configuration beat the optimum")
                }
            }
            XCTAssertGreaterThan(
                evaluated, 500, "\(workload): most random configurations run, so the check means something")
        }
    }

    func testNoiseIsSeededAndOfTheRequestedSize() throws {
        let a = simulator("oltp-read", seed: 5), b = simulator("oltp-read", seed: 5),
            c = simulator("oltp-read", seed: 6)
        let configuration = a.defaultConfiguration
        var values: [Double] = []
        for trial in 0..<2000 {
            let x = try a.evaluate(configuration, trial: trial), y = try b.evaluate(configuration, trial: trial)
            XCTAssertEqual(x, y)
            values.append(x.objective!)
        }
        XCTAssertNotEqual(try c.evaluate(configuration, trial: 0).objective, values[0])
        let mean = values.reduce(0, +) / Double(values.count)
        let cv = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() / mean
        XCTAssertEqual(mean / a.noiseFreeObjective(configuration)!, 1, accuracy: 0.01)
        XCTAssertGreaterThan(cv, 0.02)
        XCTAssertLessThan(cv, 0.12, "a calm default gets close to the 3% noise; saturation makes it noisier")
    }

    func testHardwareChangesTheSurface() throws {
        let ssd = simulator("oltp-write"), hdd = simulator("oltp-write", hardware: "hdd")
        XCTAssertGreaterThan(
            hdd.noiseFreeObjective(hdd.defaultConfiguration)!, ssd.noiseFreeObjective(ssd.defaultConfiguration)! * 2)
        let small = simulator("oltp-read", hardware: "small")
        XCTAssertNil(
            try latency(small, [("shared_buffers", "8GB")]), "8 GB of shared buffers do not fit in 8 GB of RAM")
    }

    /// Noise on the metrics never pushes a share (a hit ratio, a utilization) outside [0, 1].
    func testRatioMetricsStayInTheirRange() throws {
        let sim = simulator("oltp-read", seed: 2)
        let names = sim.metricNames
        let ratios = ["buffer_hit_ratio", "cache_hit_ratio", "cpu_utilization", "disk_utilization"].map {
            names.firstIndex(of: $0)!
        }
        var generator = SeededGenerator(seed: 4)
        var sawHigh = false
        for trial in 0..<3000 {
            let configuration = sim.space.decode((0..<sim.space.dimension).map { _ in generator.nextDouble() })
            let measurement = try sim.evaluate(configuration, trial: trial)
            guard !measurement.failed else { continue }
            for i in ratios {
                XCTAssertGreaterThanOrEqual(measurement.metrics[i], 0, names[i])
                XCTAssertLessThanOrEqual(measurement.metrics[i], 1, names[i])
                if measurement.metrics[i] > 0.99 { sawHigh = true }
            }
        }
        XCTAssertTrue(sawHigh, "some configurations reach a ratio near 1, where noise used to push it over")
    }
}
