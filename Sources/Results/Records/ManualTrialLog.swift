import Foundation
import TuningKit

/// `manual-trials.csv`: configurations a person tried by hand (from the dashboard), measured on one of
/// the campaign's environments and kept apart from the agents' `trials.csv`, which they never touch.
/// Its columns are the campaign's (`run.json`); the agent is `manual`, the seed 0, and the step counts
/// the manual trials of the folder from 1.
public final class ManualTrialLog: @unchecked Sendable {
    public static let agent = "manual"
    public let url: URL
    public let schema: TrialSchema
    private let experiment: String
    private let log: CSVAppender
    private let lock = NSLock()
    /// Manual trials recorded so far (the file's rows).
    public private(set) var count: Int

    /// Opens (or creates) the folder's manual-trials file; one written by another version of the
    /// campaign's columns is refused.
    public init(folder: ResultsFolder, info: RunInfo) throws {
        url = folder.file(ResultsFolder.manualTrialsFile)
        guard let schema = TrialSchema(header: info.columns) else {
            throw PlainError("\(folder.file(RunInfo.fileName).path): its columns are not a trials header")
        }
        self.schema = schema
        experiment = info.experiment
        var wholeLength = 0
        count = 0
        if FileManager.default.fileExists(atPath: url.path) {
            let table = try CSVText.read(url)
            if !table.header.isEmpty, table.header != schema.header {
                throw PlainError(
                    "\(url.path) has other columns than this campaign's trials; move it aside to try configurations")
            }
            (wholeLength, count) = (table.header.isEmpty ? 0 : table.wholeLength, table.rows.count)
        }
        log = try CSVAppender(url, header: CSVText.line(schema.header), wholeLength: wholeLength)
    }

    /// Appends a manual trial of `configuration` on the environment labelled `environment` and returns
    /// its record.
    public func record(
        environment: String, configuration: Configuration, space: KnobSpace, measurement: TuningKit.Measurement,
        metricNames: [String], elapsedMs: Double
    ) throws -> TrialRecord {
        lock.lock()
        defer { lock.unlock() }
        var record = schema.record(
            experiment: experiment, environment: environment, agent: Self.agent, seed: 0, step: count + 1)
        for (knob, value) in zip(space.knobs, configuration.values) {
            if let i = schema.knobIndex[knob.name] { record.knobValues[i] = value.description }
        }
        for (name, value) in zip(metricNames, measurement.metrics) {
            if let i = schema.metricIndex[name] { record.metricValues[i] = value }
        }
        record.throughput = measurement.throughput
        record.latencyMean = measurement.latencyMean
        record.latencyP50 = measurement.latencyP50
        record.latencyP95 = measurement.latencyP95
        record.latencyP99 = measurement.latencyP99
        record.objective = measurement.failed ? nil : measurement.objective
        record.bestObjective = record.objective
        record.failureReason = measurement.failureReason
        record.elapsedMs = elapsedMs
        try log.write(schema.line(record))
        log.sync()
        count += 1
        return record
    }
}
