import ArgumentParser
@preconcurrency import Foundation
@preconcurrency import Glibc
import LinearAlgebra
import Logging
import Results
import TuningKit

/// The `satune` command: run tuning experiments and report on them.
struct Satune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satune",
        abstract: "A sample-aware database tuning harness: run tuning experiments from manifests and report on them.",
        discussion: """
            Exit status: 0 done; 1 an error, said in one message naming the file, field or option (a failed \
            measurement of try/replay too); 64 a command line the parser cannot read (an unknown option, a \
            missing value), with the usage; 130 interrupted (Ctrl-C), after saving what was complete.
            """,
        version: "satune \(Provenance.version)",
        subcommands: [
            Run.self, Status.self, Merge.self, Validate.self, Report.self, List.self, Try.self, Replay.self,
            Calibrate.self, Crosscheck.self, Slurm.self, Cache.self, Bench.self, Dashboard.self, Evaluate.self,
        ])

    /// Process-wide set-up: one BLAS thread unless OPENBLAS_NUM_THREADS says otherwise (see `BLASRuntime`),
    /// line-buffered standard output, logs to standard error.
    static func setUp(verbose: Bool = true) {
        setvbuf(stdout, nil, _IOLBF, 0)  // progress lines reach a pipe or file as they are printed
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == "1" { BLASRuntime.setThreads(1) }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .info : .warning
            return handler
        }
    }
}

/// Prints a one-line (or a few lines for several manifest problems) error and exits with status 1.
/// Errors are said in words (`PlainError.describe`): never a Foundation error's domain and code.
func fail(_ message: Any) -> ExitCode {
    let text = (message as? Error).map(PlainError.describe) ?? "\(message)"
    FileHandleOutput.standardError.write("error: \(text)\n")
    return ExitCode(1)
}
