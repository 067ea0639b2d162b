import Agents
import TuningKit

/// `satune bench ddpg`: the DDPG update and action inference of CDBTune-sized networks (state 63,
/// action 16, batch 64, one BLAS thread), the configuration of the PyTorch reference figure (2.33 ms per
/// update, 24.5 us per inference on this project's machine kind; see docs/agents.md).
public enum DDPGUpdateBench {
    /// Median milliseconds of one full DDPG update on a minibatch (target Q; critic forward, backward and
    /// Adam step; actor forward, backward through the critic and Adam step; soft target updates), as the
    /// reference figure measures it; the same with drawing the minibatch from the replay buffer; and median
    /// microseconds of one single-state action inference.
    public static func run(
        stateSize: Int = 63, actionSize: Int = 16, batch: Int = 64, updates: Int = 2000, report: FigureSink
    ) {
        var options = DDPGOptions()
        options.batchSize = batch
        // The configuration of the PyTorch reference figure (docs/agents.md): no gradient clipping.
        options.gradientClip = .infinity
        let learner = Learner(
            options: options, stateSize: stateSize, actionSize: actionSize, capacity: 1000, maxRows: batch, seed: 1)
        var normalizer = StateNormalizer(metricCount: stateSize)
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<1000 {
            let s = (0..<stateSize).map { _ in Float(generator.nextDouble()) }
            let s2 = (0..<stateSize).map { _ in Float(generator.nextDouble()) }
            learner.replay.append(
                state: s, action: (0..<actionSize).map { _ in Float(generator.nextDouble()) },
                reward: Float(generator.nextGaussian()), nextState: s2)
            normalizer.observe(s)
        }
        for _ in 0..<200 { learner.update(normalizer: normalizer, beta: 1) }  // warm-up
        var updateTimes: [Double] = [], sampledTimes: [Double] = []
        for _ in 0..<(updates / 50) {
            learner.sampleMinibatch(normalizer: normalizer, beta: 1)
            var start = ContinuousClock.now
            for _ in 0..<50 { learner.train() }
            updateTimes.append((ContinuousClock.now - start).seconds * 1000 / 50)
            start = ContinuousClock.now
            for _ in 0..<50 { learner.update(normalizer: normalizer, beta: 1) }
            sampledTimes.append((ContinuousClock.now - start).seconds * 1000 / 50)
        }
        let state = (0..<stateSize).map { _ in Float(generator.nextDouble()) }
        var inferenceTimes: [Double] = []
        var sink: Float = 0
        for _ in 0..<200 {
            let start = ContinuousClock.now
            for _ in 0..<100 { sink += learner.act(state)[0] }
            inferenceTimes.append((ContinuousClock.now - start).seconds * 1e6 / 100)
        }
        precondition(sink.isFinite)
        report(Figure("update_ms_median", Statistics.median(updateTimes)!))
        report(Figure("update_with_sampling_ms_median", Statistics.median(sampledTimes)!))
        report(Figure("inference_us_median", Statistics.median(inferenceTimes)!))
    }
}
