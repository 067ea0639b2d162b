import ArgumentParser
import Experiments
@preconcurrency import Foundation
@preconcurrency import Glibc
import LinearAlgebra
import Logging
import TuningKit

/// Starts `satune` with OpenBLAS single-threaded from its first instruction.
///
/// OpenBLAS reads OPENBLAS_NUM_THREADS when the library loads, before `main`; started with more threads,
/// it keeps a worker pool whose bookkeeping costs every small matrix product a few percent even after
/// `openblas_set_num_threads(1)`. So when the variable is unset, satune sets it to 1 and executes itself
/// again (once). A value set by the user is respected.
@main
enum Launcher {
    static func main() {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil {
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)  // returns only if it failed; then carry on
        }
        Satune.main()
    }
}

/// The `satune` command: run tuning experiments and report on them.
struct Satune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satune",
        abstract: "A sample-aware database tuning harness: run tuning experiments from manifests and report on them.",
        subcommands: [
            Run.self, Status.self, Merge.self, Validate.self, Report.self, List.self, Try.self, Replay.self,
            Calibrate.self, Cache.self, Bench.self,
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
/// Errors are said in words (`FileProblem.describe`): never a Foundation error's domain and code.
func fail(_ message: Any) -> ExitCode {
    let text = (message as? Error).map(FileProblem.describe) ?? "\(message)"
    FileHandleOutput.standardError.write("error: \(text)\n")
    return ExitCode(1)
}
