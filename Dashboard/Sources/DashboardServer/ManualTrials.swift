import Foundation
import Results
import TuningKit

/// Configurations typed by hand, measured on one of the campaign's environments by `satune evaluate` (a
/// process of its own: the environment is built from the folder's `manifest.yaml` there, so this server
/// links no agent, simulator or database target) and recorded in `manual-trials.csv`, never in
/// `trials.csv`. Evaluations run one at a time on a queue of their own (a real database's can take seconds),
/// so the server's threads stay free for the page.
final class ManualTrials: @unchecked Sendable {
    /// A configuration to try: the environment's label and knob values as typed (knobs not given keep
    /// their defaults).
    struct Request: Sendable {
        let environment: String
        let knobs: [String: String]
    }

    /// Why a request was refused: a message per field (`environment`, a knob's name, or `request`), and whether
    /// the request was at fault (bad input) or the environment could not be built.
    struct Refusal: Error {
        let badInput: Bool
        let errors: [String: String]
    }

    private let folder: ResultsFolder
    private let info: RunInfo
    /// The `satune` executable that measures.
    private let satune: String
    private let queue = DispatchQueue(label: "satune.dashboard.manual-trials")
    /// Manual trials in the folder, behind a lock of its own: reading it never waits for an evaluation.
    private var recorded: Int
    private let countLock = NSLock()

    init(folder: ResultsFolder, info: RunInfo, satune: String) {
        self.folder = folder
        self.info = info
        self.satune = satune
        recorded = (try? CSVText.read(folder.file(ResultsFolder.manualTrialsFile)).rows.count) ?? 0
    }

    /// Manual trials in the folder.
    var count: Int { countLock.withLock { recorded } }

    /// Checks, evaluates and records a request.
    func evaluate(_ request: Request) async throws -> TrialRecord {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.evaluateOnQueue(request) })
            }
        }
    }

    /// What `satune evaluate --format json` answers.
    private struct Answer: Decodable {
        let step: Int?
        let refused: String?
        let errors: [String: String]?
    }

    private func evaluateOnQueue(_ request: Request) throws -> TrialRecord {
        guard info.environment(request.environment) != nil else {
            let known = info.environments.map(\.label).joined(separator: ", ")
            throw Refusal(
                badInput: true,
                errors: [
                    "environment": "no environment is named \"\(Echo.shortened(request.environment))\"; known: \(known)"
                ])
        }
        let knobs = request.knobs.sorted { $0.key < $1.key }.flatMap { ["--knob", "\($0.key)=\($0.value)"] }
        let output = try run(
            [
                "evaluate", folder.path, "--environment", request.environment, "--format", "json",
            ] + knobs)
        guard let answer = try? JSONDecoder().decode(Answer.self, from: output.data) else {
            throw Refusal(badInput: false, errors: ["request": "satune evaluate did not answer: \(output.errors)"])
        }
        if let errors = answer.errors { throw Refusal(badInput: answer.refused == "bad-input", errors: errors) }
        guard let step = answer.step, let record = try recordedTrial(step) else {
            throw Refusal(badInput: false, errors: ["request": "satune evaluate recorded no trial: \(output.errors)"])
        }
        countLock.withLock { recorded = max(recorded, step) }
        return record
    }

    /// The manual trial `step` as `manual-trials.csv` holds it.
    private func recordedTrial(_ step: Int) throws -> TrialRecord? {
        let file = folder.file(ResultsFolder.manualTrialsFile)
        let table = try CSVText.read(file)
        guard let schema = TrialSchema(header: table.header) else { return nil }
        for (fields, line) in zip(table.rows, table.lines) {
            let record = try schema.record(fields, file: file.path, line: line)
            if record.step == step { return record }
        }
        return nil
    }

    /// Runs `satune` with `arguments` (no shell; standard input closed) and returns what it printed.
    private func run(_ arguments: [String]) throws -> (data: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: satune)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw Refusal(
                badInput: false, errors: ["request": "cannot start \(satune): \(PlainError.reason(error))"])
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (data, errors.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
