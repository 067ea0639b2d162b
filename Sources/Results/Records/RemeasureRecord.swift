import TuningKit

/// One re-measurement after a run (manifest key `remeasure: K`): the default configuration and the
/// run's final incumbent (its best measured configuration) are measured again K times each, interleaved
/// (default, incumbent, default, ...), so that the improvement is judged on fresh measurements and not
/// on the lucky one that made the incumbent best (the winner's curse). A row of `remeasured.csv`.
public struct RemeasureRecord: Sendable, Equatable {
    public enum Subject: String, Sendable { case `default`, incumbent }

    public var experiment: String
    public var environment: String
    public var agent: String
    public var seed: UInt64
    /// 0...K-1.
    public var round: Int
    public var subject: Subject
    /// The step of `trials.csv` whose configuration was measured again (0 for the default).
    public var step: Int
    public var objective: Double?
    public var failureReason: String?
    public var elapsedMs: Double?

    public init(
        experiment: String, environment: String, agent: String, seed: UInt64, round: Int, subject: Subject, step: Int,
        objective: Double?, failureReason: String?, elapsedMs: Double?
    ) {
        self.experiment = experiment
        self.environment = environment
        self.agent = agent
        self.seed = seed
        self.round = round
        self.subject = subject
        self.step = step
        self.objective = objective
        self.failureReason = failureReason
        self.elapsedMs = elapsedMs
    }

    public var cell: CellKey { CellKey(environment: environment, agent: agent, seed: seed) }

    /// The position of this re-measurement among its run's: default and incumbent alternate.
    public var index: Int { 2 * round + (subject == .default ? 0 : 1) }

    public static let header = [
        "experiment", "environment", "agent", "seed", "round", "configuration", "step", "objective", "failed",
        "failure_reason", "elapsed_ms",
    ]

    public var line: String {
        CSVText.line([
            experiment, environment, agent, String(seed), String(round), subject.rawValue, String(step),
            TrialSchema.number(objective), failureReason == nil ? "false" : "true", failureReason ?? "",
            TrialSchema.number(elapsedMs),
        ])
    }

    /// A row read back; throws a `CSVText.FormatError` naming the line.
    public static func parse(_ fields: [String], file: String, line: Int) throws -> RemeasureRecord {
        func problem(_ message: String) -> CSVText.FormatError {
            CSVText.FormatError(file: file, line: line, message: message)
        }
        guard fields.count == header.count else {
            throw problem("expected \(header.count) fields, found \(fields.count)")
        }
        guard let seed = UInt64(fields[3]), let round = Int(fields[4]), round >= 0,
            let subject = Subject(rawValue: fields[5]), let step = Int(fields[6]), step >= 0
        else {
            throw problem("seed, round, configuration (default or incumbent) or step is not valid")
        }
        let objective = fields[7].isEmpty ? nil : Double(fields[7])
        guard fields[7].isEmpty || objective != nil else {
            throw problem("column objective: expected a number, got \"\(fields[7])\"")
        }
        let failed = fields[8] == "true"
        return RemeasureRecord(
            experiment: fields[0], environment: fields[1], agent: fields[2], seed: seed, round: round, subject: subject,
            step: step,
            objective: objective, failureReason: failed ? (fields[9].isEmpty ? "failed" : fields[9]) : nil,
            elapsedMs: Double(fields[10]))
    }
}
