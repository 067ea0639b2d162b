import TuningKit

/// One measurement of a real environment's default configuration at the start of a campaign, before any run:
/// a row of `noise.csv`. Together they are the environment's noise floor (the coefficient of variation of the
/// default's objective over repeated, interleaved runs), shown beside every result on that environment:
/// differences smaller than a few times it are within the noise.
public struct NoiseRecord: Sendable, Equatable {
    public var environment: String
    /// 0, 1, ... in the order measured (the environments' runs interleaved).
    public var run: Int
    public var objective: Double?
    public var failureReason: String?
    public var elapsedMs: Double?

    public init(environment: String, run: Int, objective: Double?, failureReason: String?, elapsedMs: Double?) {
        (self.environment, self.run, self.objective) = (environment, run, objective)
        (self.failureReason, self.elapsedMs) = (failureReason, elapsedMs)
    }

    public static let header = ["environment", "run", "objective", "failed", "failure_reason", "elapsed_ms"]

    public var line: String {
        CSVText.line([
            environment, String(run), TrialSchema.number(objective), failureReason == nil ? "false" : "true",
            failureReason ?? "", TrialSchema.number(elapsedMs),
        ])
    }

    /// A row read back; throws a `CSVText.FormatError` naming the line.
    public static func parse(_ fields: [String], file: String, line: Int) throws -> NoiseRecord {
        func problem(_ message: String) -> CSVText.FormatError {
            CSVText.FormatError(file: file, line: line, message: message)
        }
        guard fields.count == header.count else {
            throw problem("expected \(header.count) fields, found \(fields.count)")
        }
        guard let run = Int(fields[1]), run >= 0 else {
            throw problem("column run: expected a count, got \"\(fields[1])\"")
        }
        let objective = fields[2].isEmpty ? nil : Double(fields[2])
        guard fields[2].isEmpty || (objective?.isFinite ?? false) else {
            throw problem("column objective: expected a number, got \"\(Echo.shortened(fields[2]))\"")
        }
        let failed = fields[3] == "true"
        return NoiseRecord(
            environment: fields[0], run: run, objective: objective,
            failureReason: failed ? (fields[4].isEmpty ? "failed" : fields[4]) : nil, elapsedMs: Double(fields[5]))
    }

    /// The noise floor of each environment with records: the coefficient of variation of its default's objective
    /// and the runs it is over.
    public static func floors(_ records: [NoiseRecord]) -> [String: (cv: Double, runs: Int)] {
        var values: [String: [Double]] = [:]
        for record in records {
            if let value = record.objective { values[record.environment, default: []].append(value) }
        }
        return values.compactMapValues { list in Statistics.coefficientOfVariation(list).map { ($0, list.count) } }
    }
}
