import TuningKit

/// The columns of `trials.csv`, defined once for writing, reading and the report:
///
/// `experiment, environment, agent, seed, step`, one `knob.<name>` per knob of any environment,
/// `throughput, latency_mean, latency_p50, latency_p95, latency_p99, objective, reward, best_objective,
/// regret, normalized_regret, failed, failure_reason`, the agent's decision (`decision.kind, decision.predicted,
/// decision.spread, decision.score, decision.candidates, decision.trust_region, decision.restarts`; folders
/// written before decisions were recorded lack them and still read), one `metric.<name>` per internal metric, and the
/// wall-clock columns `elapsed_ms` (the evaluation), `agent_ms` (the agent's ask and tell) and `tell_ms`
/// (of which the tell, where the agent updates its model; folders written before it was recorded lack it).
/// A cell is empty where a value does not apply (a knob of another environment, regret without a known
/// optimum). Numbers are in Swift's shortest round-trip form, so a value read back is the value written,
/// bit for bit; a metric that was not a number is written `nan`, `inf` or `-inf`.
///
/// A schema is shared by every record of a campaign (records hold their knob and metric values in its
/// order), so writing a row needs no lookup by name.
public final class TrialSchema: Sendable, Equatable {
    /// One column and what it holds; knobs and metrics by their position in `knobNames` and `metricNames`.
    public enum Column: Sendable, Equatable {
        case experiment, environment, agent, seed, step
        case knob(Int)
        case throughput, latencyMean, latencyP50, latencyP95, latencyP99, objective, reward, bestObjective, regret,
            normalizedRegret
        case recommendedStep, recommendedObjective, recommendedRegret
        case failed, aborted, failureReason
        case decisionKind, decisionPredicted, decisionSpread, decisionScore, decisionCandidates, decisionTrustRegion
        case decisionRestarts
        case metric(Int)
        case elapsedMs, agentMs, tellMs
    }

    /// The name of a column in the header.
    public func name(of column: Column) -> String {
        switch column {
        case .experiment: "experiment"
        case .environment: "environment"
        case .agent: "agent"
        case .seed: "seed"
        case .step: "step"
        case .knob(let i): "knob." + knobNames[i]
        case .throughput: "throughput"
        case .latencyMean: "latency_mean"
        case .latencyP50: "latency_p50"
        case .latencyP95: "latency_p95"
        case .latencyP99: "latency_p99"
        case .objective: "objective"
        case .reward: "reward"
        case .bestObjective: "best_objective"
        case .regret: "regret"
        case .normalizedRegret: "normalized_regret"
        case .recommendedStep: "recommended_step"
        case .recommendedObjective: "recommended_objective"
        case .recommendedRegret: "recommended_regret"
        case .failed: "failed"
        case .aborted: "aborted"
        case .failureReason: "failure_reason"
        case .decisionKind: "decision.kind"
        case .decisionPredicted: "decision.predicted"
        case .decisionSpread: "decision.spread"
        case .decisionScore: "decision.score"
        case .decisionCandidates: "decision.candidates"
        case .decisionTrustRegion: "decision.trust_region"
        case .decisionRestarts: "decision.restarts"
        case .metric(let i): "metric." + metricNames[i]
        case .elapsedMs: "elapsed_ms"
        case .agentMs: "agent_ms"
        case .tellMs: "tell_ms"
        }
    }

    public let knobNames: [String]
    public let metricNames: [String]
    public let columns: [Column]
    /// Positions of knobs and metrics by name.
    public let knobIndex: [String: Int]
    public let metricIndex: [String: Int]

    public convenience init(knobNames: [String], metricNames: [String]) {
        self.init(
            knobNames: knobNames, metricNames: metricNames, decisions: true, tellTimes: true, recommendations: true)
    }

    /// `decisions: false` is the layout of folders written before the agents recorded their decisions (read
    /// back as records without one), `tellTimes: false` of those written before `tell_ms`, `recommendations:
    /// false` of those written before recommendations and early aborts (read back with the best measured as
    /// the recommendation: what it was then).
    private init(knobNames: [String], metricNames: [String], decisions: Bool, tellTimes: Bool, recommendations: Bool) {
        self.knobNames = knobNames
        self.metricNames = metricNames
        knobIndex = Dictionary(knobNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        metricIndex = Dictionary(metricNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        columns =
            [.experiment, .environment, .agent, .seed, .step] + knobNames.indices.map(Column.knob)
            + [
                .throughput, .latencyMean, .latencyP50, .latencyP95, .latencyP99, .objective, .reward, .bestObjective,
                .regret, .normalizedRegret,
            ]
            + (recommendations ? [.recommendedStep, .recommendedObjective, .recommendedRegret] : [])
            + [.failed] + (recommendations ? [.aborted] : []) + [.failureReason]
            + (decisions
                ? [
                    .decisionKind, .decisionPredicted, .decisionSpread, .decisionScore, .decisionCandidates,
                    .decisionTrustRegion, .decisionRestarts,
                ] : [])
            + metricNames.indices.map(Column.metric) + [.elapsedMs, .agentMs] + (tellTimes ? [.tellMs] : [])
    }

    /// The schema of a header read back from a file, or nil when the header is not a trials header.
    public convenience init?(header: [String]) {
        let knobs = header.filter { $0.hasPrefix("knob.") }.map { String($0.dropFirst(5)) }
        let metrics = header.filter { $0.hasPrefix("metric.") }.map { String($0.dropFirst(7)) }
        self.init(
            knobNames: knobs, metricNames: metrics, decisions: header.contains("decision.kind"),
            tellTimes: header.last == "tell_ms", recommendations: header.contains("recommended_step"))
        guard self.header == header else { return nil }
    }

    public var header: [String] { columns.map(name) }

    public static func == (a: TrialSchema, b: TrialSchema) -> Bool { a === b || a.header == b.header }

    /// An empty record of this schema.
    public func record(experiment: String, environment: String, agent: String, seed: UInt64, step: Int) -> TrialRecord {
        TrialRecord(
            schema: self, experiment: experiment, environment: environment, agent: agent, seed: seed, step: step)
    }

    /// Columns whose values differ from run to run (wall-clock times).
    public static let timingColumns = ["elapsed_ms", "agent_ms", "tell_ms"]

    // MARK: Writing

    /// The CSV line (with its line end) of a record.
    public func line(_ record: TrialRecord) -> String {
        var out = ""
        out.reserveCapacity(64 + 16 * columns.count)
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(",") }
            switch column {
            case .experiment: CSVText.append(record.experiment, to: &out)
            case .environment: CSVText.append(record.environment, to: &out)
            case .agent: CSVText.append(record.agent, to: &out)
            case .seed: out.append(String(record.seed))
            case .step: out.append(String(record.step))
            case .knob(let i): if let value = record.knobValues[i] { CSVText.append(value, to: &out) }
            case .throughput: out.append(Self.number(record.throughput))
            case .latencyMean: out.append(Self.number(record.latencyMean))
            case .latencyP50: out.append(Self.number(record.latencyP50))
            case .latencyP95: out.append(Self.number(record.latencyP95))
            case .latencyP99: out.append(Self.number(record.latencyP99))
            case .objective: out.append(Self.number(record.objective))
            case .reward: out.append(Self.number(record.reward))
            case .bestObjective: out.append(Self.number(record.bestObjective))
            case .regret: out.append(Self.number(record.regret))
            case .normalizedRegret: out.append(Self.number(record.normalizedRegret))
            case .recommendedStep: out.append(record.recommendedStep.map(String.init) ?? "")
            case .recommendedObjective: out.append(Self.number(record.recommendedObjective))
            case .recommendedRegret: out.append(Self.number(record.recommendedRegret))
            case .failed: out.append(record.failed ? "true" : "false")
            case .aborted: out.append(record.aborted ? "true" : "false")
            case .failureReason: CSVText.append(record.failureReason ?? "", to: &out)
            case .decisionKind: CSVText.append(record.decision?.family.rawValue ?? "", to: &out)
            case .decisionPredicted: out.append(Self.number(record.decision?.predicted))
            case .decisionSpread: out.append(Self.number(record.decision?.spread))
            case .decisionScore: out.append(Self.number(record.decision?.score))
            case .decisionCandidates: out.append(record.decision?.candidates.map(String.init) ?? "")
            case .decisionTrustRegion: out.append(Self.number(record.decision?.trustRegion))
            case .decisionRestarts: out.append(record.decision?.restarts.map(String.init) ?? "")
            case .metric(let i): if let value = record.metricValues[i] { out.append(Self.metric(value)) }
            case .elapsedMs: out.append(Self.number(record.elapsedMs))
            case .agentMs: out.append(Self.number(record.agentMs))
            case .tellMs: out.append(Self.number(record.tellMs))
            }
        }
        out.append("\n")
        return out
    }

    /// A number as satune's CSV files write it: shortest round-trip form, empty when missing or not finite.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(value)
    }

    /// A metric: as `number`, but a value that is not finite is kept (`nan`, `inf`, `-inf`), since an
    /// agent replayed on resume must see what it saw.
    static func metric(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(value)
    }

    // MARK: Reading

    /// A problem with one field of a row.
    struct FieldProblem: Error {
        let column: Column
        let message: String
    }

    /// The record of a row read back; throws a `CSVText.FormatError` naming the line and column.
    public func record(_ fields: [String], file: String, line: Int) throws -> TrialRecord {
        guard fields.count == columns.count else {
            throw CSVText.FormatError(
                file: file, line: line, message: "expected \(columns.count) fields, found \(fields.count)")
        }
        var record = self.record(experiment: "", environment: "", agent: "", seed: 0, step: 0)
        var failed = false
        do {
            for (column, text) in zip(columns, fields) {
                switch column {
                case .experiment: record.experiment = text
                case .environment: record.environment = text
                case .agent: record.agent = text
                case .seed: record.seed = try Self.parse(UInt64(text), column, text, "a non-negative integer")
                case .step:
                    record.step = try Self.parse(
                        Int(text).flatMap { $0 >= 0 ? $0 : nil }, column, text, "a non-negative integer")
                case .knob(let i): if !text.isEmpty { record.knobValues[i] = text }
                case .throughput: record.throughput = try Self.optional(text, column)
                case .latencyMean: record.latencyMean = try Self.optional(text, column)
                case .latencyP50: record.latencyP50 = try Self.optional(text, column)
                case .latencyP95: record.latencyP95 = try Self.optional(text, column)
                case .latencyP99: record.latencyP99 = try Self.optional(text, column)
                case .objective: record.objective = try Self.optional(text, column)
                case .reward: record.reward = try Self.optional(text, column)
                case .bestObjective: record.bestObjective = try Self.optional(text, column)
                case .regret: record.regret = try Self.optional(text, column)
                case .normalizedRegret: record.normalizedRegret = try Self.optional(text, column)
                case .recommendedStep:
                    if !text.isEmpty {
                        record.recommendedStep = try Self.parse(
                            Int(text).flatMap { $0 >= 0 ? $0 : nil }, column, text, "a step")
                    }
                case .recommendedObjective: record.recommendedObjective = try Self.optional(text, column)
                case .recommendedRegret: record.recommendedRegret = try Self.optional(text, column)
                case .aborted:
                    record.aborted = try Self.parse(
                        text == "true" ? true : text == "false" ? false : nil, column, text, "true or false")
                case .failed:
                    failed = try Self.parse(
                        text == "true" ? true : text == "false" ? false : nil, column, text, "true or false")
                case .failureReason: record.failureReason = text.isEmpty ? nil : text
                case .decisionKind:
                    if !text.isEmpty {
                        let known = Decision.Family.allCases.map(\.rawValue).joined(separator: ", ")
                        record.decision = Decision(
                            family: try Self.parse(Decision.Family(rawValue: text), column, text, "one of \(known)"))
                    }
                case .decisionPredicted:
                    try Self.decide(&record, column, text) { $0.predicted = try Self.optional(text, column) }
                case .decisionSpread:
                    try Self.decide(&record, column, text) { $0.spread = try Self.optional(text, column) }
                case .decisionScore:
                    try Self.decide(&record, column, text) { $0.score = try Self.optional(text, column) }
                case .decisionCandidates:
                    try Self.decide(&record, column, text) {
                        $0.candidates = try Self.parse(Int(text), column, text, "a count")
                    }
                case .decisionTrustRegion:
                    try Self.decide(&record, column, text) { $0.trustRegion = try Self.optional(text, column) }
                case .decisionRestarts:
                    try Self.decide(&record, column, text) {
                        $0.restarts = try Self.parse(Int(text), column, text, "a count")
                    }
                case .metric(let i):
                    if !text.isEmpty { record.metricValues[i] = try Self.parse(Double(text), column, text, "a number") }
                case .elapsedMs: record.elapsedMs = try Self.optional(text, column)
                case .agentMs: record.agentMs = try Self.optional(text, column)
                case .tellMs: record.tellMs = try Self.optional(text, column)
                }
            }
        } catch let problem as FieldProblem {
            throw CSVText.FormatError(
                file: file, line: line, message: "column \(name(of: problem.column)): \(problem.message)")
        }
        if failed, record.failureReason == nil { record.failureReason = "failed (no reason recorded)" }
        if !columns.contains(.recommendedStep) {  // written before recommendations: the best measured was it
            (record.recommendedObjective, record.recommendedRegret) = (record.bestObjective, record.normalizedRegret)
        }
        if !failed, record.failureReason != nil {
            throw CSVText.FormatError(
                file: file, line: line, message: "column failed: false, but failure_reason is set")
        }
        return record
    }

    /// Sets a field of the record's decision from a non-empty cell; a decision field without `decision.kind`
    /// (which comes first) is an error.
    private static func decide(
        _ record: inout TrialRecord, _ column: Column, _ text: String, _ set: (inout Decision) throws -> Void
    ) throws {
        guard !text.isEmpty else { return }
        guard var decision = record.decision else {
            throw FieldProblem(column: column, message: "a decision field without decision.kind")
        }
        try set(&decision)
        record.decision = decision
    }

    private static func parse<T>(_ value: T?, _ column: Column, _ text: String, _ expected: String) throws -> T {
        guard let value else { throw FieldProblem(column: column, message: "expected \(expected), got \"\(text)\"") }
        return value
    }

    private static func optional(_ text: String, _ column: Column) throws -> Double? {
        if text.isEmpty { return nil }
        guard let value = Double(text), value.isFinite else {
            throw FieldProblem(column: column, message: "expected a number or nothing, got \"\(text)\"")
        }
        return value
    }
}
