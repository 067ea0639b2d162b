import ArgumentParser
import LinearAlgebra
import Logging

/// The `satune` command: run tuning experiments and report on them.
@main
struct Satune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satune",
        abstract: "A sample-aware database tuning harness: run tuning experiments from manifests and report on them.",
        subcommands: [Run.self, Validate.self, Report.self, List.self, Try.self, Bench.self])

    /// Process-wide set-up: one BLAS thread (see docs in LinearAlgebra), logs to standard error.
    static func setUp(verbose: Bool = true) {
        BLASRuntime.setThreads(1)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .info : .warning
            return handler
        }
    }
}

/// Prints a one-line (or a few lines for several manifest problems) error and exits with status 1.
func fail(_ message: Any) -> ExitCode {
    FileHandleOutput.standardError.write("error: \(message)\n")
    return ExitCode(1)
}
