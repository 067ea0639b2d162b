import Foundation

/// The columns of `trials.csv`, one row per evaluation:
///
/// `experiment, environment, agent, seed, step`, one `knob.<name>` per knob of any environment,
/// `throughput, latency_mean, latency_p50, latency_p95, latency_p99, objective, reward, best_objective,
/// regret, normalized_regret, failed, failure_reason`, one `metric.<name>` per internal metric, and the
/// wall-clock columns `elapsed_ms` (the evaluation) and `agent_ms` (the agent's ask and tell).
/// A cell is empty where a value does not apply (a knob of another environment, regret without a known optimum).
public struct TrialColumns: Sendable {
    public let knobNames: [String]
    public let metricNames: [String]

    public static let leading = ["experiment", "environment", "agent", "seed", "step"]
    public static let outcome = [
        "throughput", "latency_mean", "latency_p50", "latency_p95", "latency_p99", "objective", "reward",
        "best_objective", "regret", "normalized_regret", "failed", "failure_reason",
    ]
    public static let timing = ["elapsed_ms", "agent_ms"]

    public init(knobNames: [String], metricNames: [String]) {
        self.knobNames = knobNames
        self.metricNames = metricNames
    }

    public var header: [String] {
        Self.leading + knobNames.map { "knob.\($0)" } + Self.outcome + metricNames.map { "metric.\($0)" } + Self.timing
    }
}

/// `trials.csv` read back: rows addressed by column name.
public struct TrialTable: Sendable {
    public let header: [String]
    public let rows: [[String]]
    private let index: [String: Int]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
        self.index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static func read(_ url: URL) throws -> TrialTable {
        let (header, rows) = try CSVFile.read(url)
        return TrialTable(header: header, rows: rows)
    }

    /// The text of a column in a row ("" when the column is absent).
    public func text(_ row: [String], _ column: String) -> String {
        guard let i = index[column], i < row.count else { return "" }
        return row[i]
    }

    /// The number in a column of a row (nil when empty or not a number).
    public func number(_ row: [String], _ column: String) -> Double? { Double(text(row, column)) }

    /// Rows grouped by (environment, agent) in order of first appearance, then by seed.
    public func runs() -> [(environment: String, agent: String, seeds: [(seed: String, rows: [[String]])])] {
        var order: [String] = []
        var groups: [String: (String, String, [String], [String: [[String]]])] = [:]
        for row in rows {
            let env = text(row, "environment"), agent = text(row, "agent"), seed = text(row, "seed")
            let key = env + "\u{1F}" + agent
            if groups[key] == nil { order.append(key); groups[key] = (env, agent, [], [:]) }
            if groups[key]!.3[seed] == nil { groups[key]!.2.append(seed) }
            groups[key]!.3[seed, default: []].append(row)
        }
        return order.map { key in
            let (env, agent, seeds, rowsBySeed) = groups[key]!
            return (env, agent, seeds.map { seed in
                (seed, rowsBySeed[seed]!.sorted { (Int(text($0, "step")) ?? 0) < (Int(text($1, "step")) ?? 0) })
            })
        }
    }
}
