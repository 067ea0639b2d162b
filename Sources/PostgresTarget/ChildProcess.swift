import CProcessControl
import Foundation
import TuningKit

/// One program run to its end by satune (`initdb`, `pg_ctl`, `pgbench`, `psql`), with its output
/// captured, under a time limit and satune's interruption. A program over its limit or interrupted gets
/// SIGTERM, then SIGKILL a second later, with its process group; `run` returns only once it has exited and
/// been reaped. While it runs, an `EmergencyStop` action kills its group.
///
/// Programs are started with `posix_spawn` in a process group of their own (so a terminal's Ctrl-C reaches
/// satune, which stops them in order), with default signal handling, stdin from /dev/null, stdout and
/// stderr in unlinked temporary files, and no other descriptor. Foundation's `Process` is not used: it
/// watches a child through a descriptor the child inherits, which a server that `pg_ctl` leaves running
/// keeps open, so it would never see `pg_ctl` end.
struct ChildProcess {
    /// How a run ended.
    struct Outcome {
        var status: Int32
        var output: String
        var errorOutput: String
        /// Stopped because it ran past its time limit.
        var timedOut = false
        /// Stopped by satune's interruption.
        var interrupted = false
        /// Ended by a stop signal from elsewhere.
        var stoppedFromOutside = false
        /// Stopped because its `watch` said so.
        var stoppedByWatch = false
        /// Finished by itself with status 0.
        var succeeded: Bool { status == 0 && !timedOut && !interrupted }
        /// The last lines of its error output (or output), for a message.
        var tail: String {
            let text = errorOutput.isEmpty ? output : errorOutput
            return text.split(separator: "\n").suffix(3).joined(separator: " / ")
        }
    }

    /// Runs `executable` with `arguments` (as `user` when given), in `folder`, for at most `timeout` seconds.
    /// `watch`, when given, reads the error output as it comes (every 50 ms, the text written since the last
    /// call); when it returns true the program is stopped as on a timeout (`stoppedByWatch`). `cpus` (a
    /// `taskset` list, "0" or "0-1") keeps the program and what it starts on those cores.
    static func run(
        _ executable: String, _ arguments: [String], as user: ServerUser? = nil, in folder: URL? = nil,
        timeout: Double, interruption: Interruption? = nil, watch: ((String) -> Bool)? = nil, cpus: String? = nil
    ) throws -> Outcome {
        var (program, programArguments) = user?.command(executable, arguments) ?? (executable, arguments)
        if let folder {  // posix_spawn cannot change folders (Glibc's addchdir_np is not imported): env -C can
            (program, programArguments) = ("/usr/bin/env", ["-C", folder.path, program] + programArguments)
        }
        if let cpus { (program, programArguments) = ("/usr/bin/taskset", ["-c", cpus, program] + programArguments) }
        let output = try CapturedOutput(), errorOutput = try CapturedOutput()
        let pid = try spawn(program, programArguments, output: output.fd, errorOutput: errorOutput.fd)
        // The program and what it starts in its group (initdb's single-user server) go on an immediate exit too.
        let token = EmergencyStop.register { kill(-pid, SIGKILL) }
        defer { EmergencyStop.remove(token) }

        var outcome = Outcome(status: 0, output: "", errorOutput: "")
        let deadline = Date().addingTimeInterval(timeout)
        var killAt: Date?
        var status: Int32 = 0
        var watched: off_t = 0, polls = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            polls += 1
            let stopWatching =
                killAt == nil && polls % 10 == 0 && watch.map { $0(errorOutput.lines(from: &watched)) } == true
            if killAt == nil, stopWatching || interruption?.requested == true || Date() > deadline {
                outcome.interrupted = interruption?.requested == true
                outcome.stoppedByWatch = !outcome.interrupted && stopWatching
                outcome.timedOut = !outcome.interrupted && !stopWatching
                kill(-pid, SIGTERM)  // its process group: the program and its own children
                killAt = Date().addingTimeInterval(1)
            } else if let at = killAt, Date() > at {
                kill(-pid, SIGKILL)
                killAt = .distantFuture
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS, spelled out (the macros are not imported): a signal's number otherwise.
        outcome.status = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // Killed by a stop signal satune did not send (a scheduler's scancel reaches every process of a job).
        outcome.stoppedFromOutside =
            !outcome.timedOut && !outcome.interrupted && !outcome.stoppedByWatch && status & 0x7f != 0
            && [SIGTERM, SIGINT, SIGHUP, SIGKILL].contains(status & 0x7f)
        outcome.output = output.text()
        outcome.errorOutput = errorOutput.text()
        return outcome
    }

    /// Starts the program and returns its process id.
    private static func spawn(_ program: String, _ arguments: [String], output: Int32, errorOutput: Int32) throws
        -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errorOutput, 2)
        // Nothing else of satune's: a descriptor the caller of satune left open (a script's lock file, say)
        // would otherwise stay open in a server for as long as it runs.
        satune_spawn_close_from(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGQUIT, SIGPIPE, SIGCHLD, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        var environment = ProcessInfo.processInfo.environment
        // Programs speak English to satune's parsers, and never page or prompt.
        environment["LC_ALL"] = "C"
        environment["PAGER"] = "cat"
        environment["PGPASSWORD"] = nil
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard error == 0 else { throw PostgresError("cannot run \(program): \(String(cString: strerror(error)))") }
        return pid
    }
}

/// An unlinked temporary file that a child writes its output to, read when it has exited.
private final class CapturedOutput {
    let fd: Int32

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/satune-output-XXXXXX").utf8CString)
        fd = mkstemp(&template)
        guard fd >= 0 else {
            throw PostgresError("cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    /// Everything written.
    func text() -> String { String(decoding: bytes(from: 0), as: UTF8.self) }

    /// The whole lines written from `offset` on (a line being written is read whole next time); moves
    /// `offset` past them.
    func lines(from offset: inout off_t) -> String {
        let data = bytes(from: offset)
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return "" }
        let whole = data[data.startIndex...lastNewline]
        offset += off_t(whole.count)
        return String(decoding: whole, as: UTF8.self)
    }

    private func bytes(from offset: off_t) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var position = offset
        while true {
            let count = pread(fd, &buffer, buffer.count, position)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            position += off_t(count)
        }
        return data
    }
}
