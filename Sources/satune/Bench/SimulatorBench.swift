import Foundation
import Simulator
import TuningKit

/// `satune bench simulator`: evaluations per second of the 32-knob write-heavy surface with all
/// metrics and noise, on one core; and the time to compute a surface's optimum.
enum SimulatorBench {
    static func run() {
        let simulator = DatabaseSimulator(workload: Workload.named("oltp-write")!, hardware: Hardware.named("medium")!, knobCount: 32, seed: 1)
        var generator = SeededGenerator(seed: 7)
        let configurations = (0..<4096).map { _ in
            simulator.space.decode((0..<simulator.space.dimension).map { _ in generator.nextDouble() })
        }
        var sink = 0.0
        func batch(_ count: Int) -> Double {
            let start = ContinuousClock.now
            for i in 0..<count { sink += (try? simulator.evaluate(configurations[i & 4095], trial: i))?.objective ?? 0 }
            let elapsed = ContinuousClock.now - start
            return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        _ = batch(20_000)  // warm-up
        let rates = (0..<7).map { _ in batch(100_000) }.sorted()
        report("evaluations_per_second", rates[rates.count / 2])
        report("evaluation_us_median", 1e6 / rates[rates.count / 2])

        let start = ContinuousClock.now
        _ = simulator.optimum
        let elapsed = ContinuousClock.now - start
        report("optimum_search_s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        if sink.isNaN { print("") }  // keeps the evaluations from being optimized away
    }
}
