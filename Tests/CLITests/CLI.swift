import Foundation
import XCTest

/// The built `satune` binary, run as a person runs it: arguments in, exit status and output back.
enum CLI {
    /// `.build/<configuration>/satune`, next to the test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("satune")

    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `satune` with `arguments` in `folder` and waits for it (at most `limit` seconds).
    /// `environment` adds to (or replaces) the test process's variables.
    static func run(
        _ arguments: [String], in folder: URL? = nil, limit: Double = 120, environment extra: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        var environment = ProcessInfo.processInfo.environment
        environment["SATUNE_CACHE"] =
            FileManager.default.temporaryDirectory.appendingPathComponent("satune-cli-cache").path
        process.environment = environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        if done.wait(timeout: .now() + limit) == .timedOut {
            process.terminate()
            XCTFail("satune \(arguments.joined(separator: " ")) did not finish within \(limit) s")
        }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Result(status: process.terminationStatus, output: output, errors: errors)
    }
}
