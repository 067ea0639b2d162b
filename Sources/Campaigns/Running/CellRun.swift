import Foundation
import Results
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
    /// The folder where agents that are other processes write their standard error, one file a run.
    var logFolder: URL?
    /// The confirmation phase at the end of the budget, if any.
    var confirm: Confirmation?

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
            let env = try cell.environment.spec.make(
                seed: SeededGenerator.derive(cell.seed, "environment:" + cell.environment.identity))
            let task = TuningTask(
                space: env.space, objective: env.objective, metricNames: env.metricNames, budget: budget,
                log: logFolder?.appendingPathComponent(Self.logName(cell.key)))
            let tuner = try cell.agent.spec.make(
                task: task, seed: SeededGenerator.derive(cell.seed, "agent:" + cell.agent.identity),
                label: cell.agent.label)
            var loop = TuningLoop(environment: env, agent: tuner)
            outcome.setupSeconds = (ContinuousClock.now - setupStart).seconds
            control.started(env)
            defer { control.finished(env) }
            let slots = Slots(schema: schema, environment: env)

            let phaseStart = budget + 1 - (confirm?.evaluations ?? 0)
            var phase: [Configuration] = []
            for step in 0...budget {
                let replaying = step < prior.count
                if !replaying && control.stopRequested { return outcome }
                let confirming = step >= phaseStart
                if confirming, phase.isEmpty, let confirm {
                    let others = loop.candidates(confirm.candidates + 1).filter { $0 != env.defaultConfiguration }
                    phase = Self.phase(others, default: env.defaultConfiguration, confirm)
                    loop.beginConfirmation(phase)
                }
                let (configuration, askTime) =
                    confirming
                    ? loop.propose(confirming: phase[step - phaseStart])
                    : replaying && !tuner.replaysFromSeed
                        ? loop.propose(recorded: try prior[step].configuration(in: env.space)) : try loop.propose()

                let measurement: TuningKit.Measurement
                var evaluationTime = Duration.zero
                if replaying {
                    try check(configuration, against: prior[step], in: env.space)
                    measurement = prior[step].measurement(metricNames: env.metricNames)
                } else {
                    guard try ready(env, control) else { return outcome }
                    // The confirmation phase's re-measurements are what the run is judged by: never cut short.
                    env.observeIncumbent(confirming ? nil : loop.incumbentMeasurement)
                    let evaluationStart = ContinuousClock.now
                    measurement = TuningLoop.measure(configuration, in: env, trial: step)
                    evaluationTime = ContinuousClock.now - evaluationStart
                    if measurement.interrupted && control.stopRequested { return outcome }  // abandoned, not recorded
                }

                let result = try loop.complete(
                    configuration, measurement, agentTime: askTime, evaluationTime: evaluationTime,
                    confirming: confirming)
                outcome.agentSeconds += result.agentTime.seconds
                outcome.best = loop.incumbent?.objective
                guard !replaying else { continue }

                outcome.evaluationSeconds += evaluationTime.seconds
                try sink.record(trialRecord(result, slots: slots))
                outcome.newTrials += 1
                if measurement.failed { outcome.failedTrials += 1 }
            }
            try remeasureIncumbent(
                env: env, incumbent: loop.incumbent, prior: priorRemeasured, sink: sink, control: control,
                outcome: &outcome)
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// The configurations of a confirmation phase, in order: `repeats` rounds, each the default and then the
    /// candidates other than the default (a list shorter than `candidates.count` repeats its best).
    static func phase(_ candidates: [Configuration], default: Configuration, _ confirm: Confirmation) -> [Configuration]
    {
        let chosen = (0..<confirm.candidates).map {
            candidates.isEmpty ? `default` : candidates[min($0, candidates.count - 1)]
        }
        return Array(repeating: [`default`] + chosen, count: confirm.repeats).flatMap { $0 }
    }

    /// The log file of a run's agent: `<environment>--<agent>--<seed>.log`, any character but letters, digits,
    /// '.', '_' and '-' written as '_'.
    static func logName(_ key: CellKey) -> String {
        let safe = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        }
        return "\(safe(key.environment))--\(safe(key.agent))--\(key.seed).log"
    }

    /// Prepares the environment before its first new evaluation (`Environment.prepare`); false when a stop
    /// interrupted the preparation.
    private func ready(_ env: any Environment, _ control: RunControl) throws -> Bool {
        do {
            try env.prepare()
        } catch  where control.stopRequested {
            return false
        }
        return true
    }

    /// After the run: the default and the incumbent, measured again `remeasure` times each, interleaved.
    private func remeasureIncumbent(
        env: any Environment, incumbent: (configuration: Configuration, step: Int, objective: Double)?,
        prior: [RemeasureRecord],
        sink: any Sink, control: RunControl, outcome: inout Outcome
    ) throws {
        for index in prior.count..<(2 * remeasure) {
            if control.stopRequested { return }
            guard try ready(env, control) else { return }
            let subject: RemeasureRecord.Subject = index % 2 == 0 ? .default : .incumbent
            let configuration =
                subject == .default ? env.defaultConfiguration : incumbent?.configuration ?? env.defaultConfiguration
            let start = ContinuousClock.now
            let measurement = TuningLoop.measure(configuration, in: env, trial: budget + 1 + index)
            let elapsed = ContinuousClock.now - start
            if measurement.interrupted && control.stopRequested { return }
            outcome.evaluationSeconds += elapsed.seconds
            try sink.record(
                RemeasureRecord(
                    experiment: experiment, environment: cell.environment.label, agent: cell.agent.label,
                    seed: cell.seed,
                    round: index / 2, subject: subject, step: subject == .default ? 0 : incumbent?.step ?? 0,
                    objective: measurement.objective, failureReason: measurement.failureReason,
                    elapsedMs: elapsed.seconds * 1000))
        }
        outcome.complete = true
    }

    /// A resumed agent must ask for what it asked before; otherwise the code or the manifest changed.
    private func check(_ configuration: Configuration, against record: TrialRecord, in space: KnobSpace) throws {
        for (knob, value) in zip(space.knobs, configuration.values) where record.knob(knob.name) != value.description {
            throw ResumeMismatch(
                description: """
                    cannot resume \(cell.key): at step \(record.step) the agent now asks for \(knob.name)=\(value), but trials.csv \
                    recorded \(knob.name)=\(record.knob(knob.name) ?? "nothing"); the code or the manifest changed since those \
                    trials were recorded (run with --force to start over; the old folder is kept)
                    """)
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

    private func trialRecord(_ result: TuningLoop.Step, slots: Slots) -> TrialRecord {
        let m = result.measurement
        var record = schema.record(
            experiment: experiment, environment: cell.environment.label, agent: cell.agent.label,
            seed: cell.seed, step: result.step)
        for (slot, value) in zip(slots.knobs, result.configuration.values) {
            record.knobValues[slot] = value.description
        }
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
        record.aborted = m.aborted
        record.recommendedStep = result.recommendation?.step
        record.recommendedObjective = result.recommendation?.objective
        record.recommendedRegret = result.recommendedRegret
        record.decision = result.decision
        record.elapsedMs = result.evaluationTime.seconds * 1000
        record.agentMs = result.agentTime.seconds * 1000
        record.tellMs = result.tellTime.seconds * 1000
        return record
    }
}
