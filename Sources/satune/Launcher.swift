@preconcurrency import Foundation
@preconcurrency import Glibc
import LinearAlgebra

/// Starts `satune` with OpenBLAS single-threaded, on the best kernels for this CPU, from its first instruction.
///
/// OpenBLAS reads OPENBLAS_NUM_THREADS and OPENBLAS_CORETYPE when the library loads, before `main`. Started
/// with more threads, it keeps a worker pool whose bookkeeping costs every small matrix product a few percent
/// even after `openblas_set_num_threads(1)`; on a CPU newer than it knows, it falls back to generic kernels
/// (`BLASRuntime.preferredCoreType`). So when either variable is unset, satune sets it (threads 1, the kernel
/// family the CPU's instruction sets allow) and executes itself again (once). Values set by the user are
/// respected; both are recorded in `run.json`.
@main
enum Launcher {
    static func main() {
        let environment = ProcessInfo.processInfo.environment
        var again = false
        if environment["OPENBLAS_NUM_THREADS"] == nil {
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            again = true
        }
        if environment["OPENBLAS_CORETYPE"] == nil,
            let core = BLASRuntime.preferredCoreType(flags: BLASRuntime.cpuFlags())
        {
            setenv("OPENBLAS_CORETYPE", core, 1)
            again = true
        }
        if again { execv("/proc/self/exe", CommandLine.unsafeArgv) }  // returns only if it failed; then carry on
        Satune.main()
    }
}
