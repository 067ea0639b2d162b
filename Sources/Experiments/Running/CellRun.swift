import Foundation
import TuningKit

/// Runs one cell: an agent tuning an environment under one seed, for `budget` evaluations after the
/// default configuration's (step 0), then `remeasure` rounds of re-measuring the default and the final
/// incumbent.
///
/// A cell resumed after an interruption is rebuilt deterministically: the agent runs again from its seed,
/// and its asks are answered from the recorded trials instead of evaluating, each asked configuration
/// checked against the recorded one; evaluation starts where the record ends. Recorded evaluations are
/// never repeated, and the rows that follow equal an uninterrupted run's.
struct CellRun {
    let cell: Campaign.Cell
    let experiment: String
    let budget: Int
    let remeasure: Int
    let schema: TrialSchema

    /// Where a cell's new records go, in order, as each completes.
    protocol Sink: AnyObject, Sendable {
        func record(_ trial: TrialRecord) throws
        func record(_ remeasurement: RemeasureRecord) throws
    }

    /// What the cell did.
    struct Outcome {
        var newTrials = 0
        var failedTrials = 0
        var best: Double?
        /// The cell has every trial and re-measurement.
        var complete = false
        /// Why the cell stopped early: an error of the agent, the environment, or a resume that does not match.
        var error: Error?
        /// Seconds spent building the environment and the agent, in the agent, and evaluating.
        var setupSeconds = 0.0, agentSeconds = 0.0, evaluationSeconds = 0.0
    }

    /// The recorded trials of a resumed cell that do not match what the agent asks now.
    struct ResumeMismatch: Error, CustomStringConvertible {
        let description: String
    }

    func run(prior: [TrialRecord], priorRemeasured: [RemeasureRecord], sink: any Sink, control: RunControl) -> Outcome {
        var outcome = Outcome()
        do {
            let setupStart = ContinuousClock.now
            let env = try cell.environment.spec.make(seed: SeededGenerator.derive(cell.seed, "environment:" + cell.environment.label))
            let task = TuningTask(space: env.space, objective: env.objective, metricNames: env.metricNames, budget: budget)
            let tuner = try cell.agent.spec.make(task: task, seed: SeededGenerator.derive(cell.seed, "agent:" + cell.agent.label))
            var tracker = Tracker(objective: env.objective, reference: env.reference, defaultConfiguration: env.defaultConfiguration)
            outcome.setupSeconds = (ContinuousClock.now - setupStart).seconds
            control.started(env)
            defer { control.finished(env) }
            let slots = Slots(schema: schema, environment: env)

            for step in 0...budget {
                let replaying = step < prior.count
                if !replaying && control.stopRequested { return outcome }
                let askStart = ContinuousClock.now
                let configuration = step == 0 ? env.defaultConfiguration : try tuner.ask()
                var agentTime = ContinuousClock.now - askStart

                let measurement: TuningKit.Measurement
                var evaluationTime = Duration.zero
                if replaying {
                    try check(configuration, against: prior[step], in: env.space)
                    measurement = prior[step].measurement(metricNames: env.metricNames)
                } else {
                    let evaluationStart = ContinuousClock.now
                    measurement = Self.measure(configuration, in: env, trial: step)
                    evaluationTime = ContinuousClock.now - evaluationStart
                    if measurement.interrupted && control.stopRequested { return outcome }  // abandoned, not recorded
                }

                let result = tracker.record(configuration, measurement)
                let tellStart = ContinuousClock.now
                try tuner.tell(Observation(
                    step: step, configuration: configuration, point: env.space.encode(configuration), measurement: measurement,
                    cost: measurement.objective.map(env.objective.cost), reward: result.reward))
                agentTime += ContinuousClock.now - tellStart
                outcome.agentSeconds += agentTime.seconds
                outcome.best = tracker.best?.objective
                guard !replaying else { continue }

                outcome.evaluationSeconds += evaluationTime.seconds
                try sink.record(trialRecord(step: step, slots: slots, configuration: configuration, measurement: measurement,
                                            result: result, evaluationTime: evaluationTime, agentTime: agentTime))
                outcome.newTrials += 1
                if measurement.failed { outcome.failedTrials += 1 }
            }
            try remeasureIncumbent(env: env, tracker: tracker, prior: priorRemeasured, sink: sink, control: control, outcome: &outcome)
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// After the run: the default and the incumbent, measured again `remeasure` times each, interleaved.
    private func remeasureIncumbent(
        env: any Environment, tracker: Tracker, prior: [RemeasureRecord], sink: any Sink, control: RunControl, outcome: inout Outcome
    ) throws {
        let incumbent = tracker.best
        for index in prior.count..<(2 * remeasure) {
            if control.stopRequested { return }
            let subject: RemeasureRecord.Subject = index % 2 == 0 ? .default : .incumbent
            let configuration = subject == .default ? env.defaultConfiguration : incumbent?.configuration ?? env.defaultConfiguration
            let start = ContinuousClock.now
            let measurement = Self.measure(configuration, in: env, trial: budget + 1 + index)
            let elapsed = ContinuousClock.now - start
            if measurement.interrupted && control.stopRequested { return }
            outcome.evaluationSeconds += elapsed.seconds
            try sink.record(RemeasureRecord(
                experiment: experiment, environment: cell.environment.label, agent: cell.agent.label, seed: cell.seed,
                round: index / 2, subject: subject, step: subject == .default ? 0 : incumbent?.step ?? 0,
                objective: measurement.objective, failureReason: measurement.failureReason, elapsedMs: elapsed.seconds * 1000))
        }
        outcome.complete = true
    }

    /// A resumed agent must ask for what it asked before; otherwise the code or the manifest changed.
    private func check(_ configuration: Configuration, against record: TrialRecord, in space: KnobSpace) throws {
        for (knob, value) in zip(space.knobs, configuration.values) where record.knob(knob.name) != value.description {
            throw ResumeMismatch(description: """
                cannot resume \(cell.key): at step \(record.step) the agent now asks for \(knob.name)=\(value), but trials.csv \
                recorded \(knob.name)=\(record.knob(knob.name) ?? "nothing"); the code or the manifest changed since those \
                trials were recorded (run with --force to start over; the old folder is kept)
                """)
        }
    }

    /// Evaluates a configuration; an invalid configuration or an environment error becomes a failed measurement.
    static func measure(_ configuration: Configuration, in env: any Environment, trial: Int) -> TuningKit.Measurement {
        do {
            try env.space.validate(configuration)
            var measurement = try env.evaluate(configuration, trial: trial)
            if !measurement.failed, !(measurement.objective?.isFinite ?? false) {
                measurement = .failure("the environment returned no finite objective")
            }
            return measurement
        } catch let error as ConfigurationError {
            return .failure("invalid configuration: \(error)")
        } catch {
            return .failure("evaluation error: \(error)")
        }
    }

    /// Where the environment's knobs and metrics go in the campaign's columns, found once per run.
    struct Slots {
        let knobs: [Int]
        let metrics: [Int]
        init(schema: TrialSchema, environment env: any Environment) {
            knobs = env.space.names.map { schema.knobIndex[$0]! }
            metrics = env.metricNames.map { schema.metricIndex[$0]! }
        }
    }

    private func trialRecord(
        step: Int, slots: Slots, configuration: Configuration, measurement m: TuningKit.Measurement, result: Tracker.Outcome,
        evaluationTime: Duration, agentTime: Duration
    ) -> TrialRecord {
        var record = schema.record(experiment: experiment, environment: cell.environment.label, agent: cell.agent.label,
                                   seed: cell.seed, step: step)
        for (slot, value) in zip(slots.knobs, configuration.values) { record.knobValues[slot] = value.description }
        for (slot, value) in zip(slots.metrics, m.metrics) { record.metricValues[slot] = value }
        record.throughput = m.throughput
        record.latencyMean = m.latencyMean
        record.latencyP50 = m.latencyP50
        record.latencyP95 = m.latencyP95
        record.latencyP99 = m.latencyP99
        record.objective = m.objective
        record.reward = result.reward
        record.bestObjective = result.bestObjective
        record.regret = result.regret
        record.normalizedRegret = result.normalizedRegret
        record.failureReason = m.failureReason
        record.elapsedMs = evaluationTime.seconds * 1000
        record.agentMs = agentTime.seconds * 1000
        return record
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
