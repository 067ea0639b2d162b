import Foundation

@testable import DashboardServer

/// The `satune` executable the dashboard's tests run campaigns with (and the dashboard measures manual
/// trials with): SATUNE_BIN, or the main package's build (`make dashboard-test` builds it first).
enum Satune {
    static let executable = DashboardOptions.satuneExecutable()

    /// Runs the campaign of manifest `text` into its output folder.
    static func run(manifest text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satune-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", file.path, "--quiet"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(description: "\(executable) run: \(said)") }
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }
}
