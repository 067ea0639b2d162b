import Foundation
import Simulator
import TuningKit

/// `satune bench simulator`: evaluations per second of the 32-knob write-heavy surface with all
/// metrics and noise, on one core; and the time to compute a surface's optimum.
public enum SimulatorBench {
    public static func run(report: FigureSink) {
        let simulator = DatabaseSimulator(
            workload: Workload.named("oltp-write")!, hardware: Hardware.named("medium")!, knobCount: 32, seed: 1)
        var generator = SeededGenerator(seed: 7)
        let configurations = (0..<4096).map { _ in
            simulator.space.decode((0..<simulator.space.dimension).map { _ in generator.nextDouble() })
        }
        var sink = 0.0
        func batch(_ count: Int) -> Double {
            let start = ContinuousClock.now
            for i in 0..<count { sink += (try? simulator.evaluate(configurations[i & 4095], trial: i))?.objective ?? 0 }
            return Double(count) / (ContinuousClock.now - start).seconds
        }
        _ = batch(20_000)  // warm-up
        let rate = Statistics.median((0..<7).map { _ in batch(100_000) })!
        report(Figure("evaluations_per_second", rate))
        report(Figure("evaluation_us_median", 1e6 / rate))

        let start = ContinuousClock.now
        _ = simulator.optimum
        report(Figure("optimum_search_s", (ContinuousClock.now - start).seconds))
        if sink.isNaN { print("") }  // keeps the evaluations from being optimized away
    }
}
