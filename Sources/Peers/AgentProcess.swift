import CProcessControl
import Foundation
import TuningKit

/// An agent's process: started with `posix_spawn` (no shell) in a process group of its own, its standard
/// input and output two pipes that carry one JSON message a line, its standard error appended to a log file,
/// and no other descriptor of satune's. `stop` ends it (politely, then by signal) and reaps it; an immediate
/// exit of satune kills its group.
final class AgentProcess {
    let pid: pid_t
    /// Where the agent's standard error goes (nil: nowhere).
    let log: URL?
    private var input: Int32
    private let output: Int32
    private var pending: [UInt8] = []
    private var reaped = false
    /// Nanoseconds spent waiting for the agent's answers so far (for `satune bench protocol`).
    private(set) var waitedNanoseconds: UInt64 = 0
    private var emergency: Int?

    /// A problem with the process itself (it could not start, it exited, it said nothing in time).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `command` (its first word a path, or a program found on the PATH).
    init(command: [String], log: URL?) throws {
        guard let program = command.first, !program.isEmpty else { throw Failure(description: "an empty command") }
        Self.ignoreBrokenPipes
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw Failure(description: "cannot make pipes: \(PlainError.errnoText(errno))")
        }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var errorFD = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if let log {
            try? FileManager.default.createDirectory(
                at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
            let fd = open(log.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                close(errorFD)
                errorFD = fd
            }
        }
        defer { for fd in [toChild[0], fromChild[1], errorFD] { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorFD, 2)
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
        posix_spawnattr_setpgroup(&attributes, 0)  // its own group: a terminal's Ctrl-C reaches satune, which ends it
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"  // a Python agent's prints reach the pipe at once
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let error = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard error == 0 else {
            for fd in [toChild[1], fromChild[0]] { close(fd) }
            throw Failure(description: "cannot start \(program): \(PlainError.errnoText(error))")
        }
        let group = pid
        self.pid = pid
        self.log = log
        input = toChild[1]
        output = fromChild[0]
        emergency = EmergencyStop.register { kill(-group, SIGKILL) }
    }

    deinit { stop(grace: 0) }

    /// SIGPIPE ignored in satune (once): a write to an agent that has exited fails with EPIPE, which is
    /// reported, instead of ending satune.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Writes one line.
    func send(_ line: Data) throws {
        guard input >= 0 else { throw Failure(description: "its standard input is closed") }
        let bytes = [UInt8](line) + [0x0A]
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(
                    description: errno == EPIPE ? "it exited" : "cannot write to it: \(PlainError.errnoText(errno))")
            }
            offset += n
        }
    }

    /// Reads one line (without its end), waiting at most `timeout` seconds.
    func receive(timeout: Double) throws -> Data {
        let deadline = monotonicNanoseconds() + UInt64(max(timeout, 0) * 1e9)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            let now = monotonicNanoseconds()
            guard now < deadline else {
                throw Failure(description: "no answer within its timeout of \(Duration.clockText(seconds: timeout))")
            }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min((deadline - now) / 1_000_000 + 1, 1000)))
            waitedNanoseconds += monotonicNanoseconds() - now
            if ready < 0, errno != EINTR {
                throw Failure(description: "cannot read from it: \(PlainError.errnoText(errno))")
            }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: exited() ?? "it closed its standard output") }
            pending += chunk[..<n]
            guard pending.count < 64 << 20 else { throw Failure(description: "a line longer than 64 MB") }
        }
    }

    /// "it exited with status 3" once it has, reaping it; nil while it runs.
    private func exited() -> String? {
        var status: Int32 = 0
        for _ in 0..<50 {  // its output closes just before it exits
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                return status & 0x7f == 0
                    ? "it exited with status \((status >> 8) & 0xff)" : "it was killed by signal \(status & 0x7f)"
            }
            usleep(2_000)
        }
        return nil
    }

    /// Ends the process: its input closed, `grace` seconds to exit by itself, then SIGTERM and SIGKILL to its
    /// group; reaped. True when it exited by itself with status 0.
    @discardableResult
    func stop(grace: Double) -> Bool {
        if input >= 0 {
            close(input)
            input = -1
        }
        defer {
            close(output)
            if let emergency { EmergencyStop.remove(emergency) }
            emergency = nil
        }
        guard !reaped else { return false }
        var status: Int32 = 0
        let deadline = monotonicNanoseconds() + UInt64(max(grace, 0) * 1e9)
        repeat {
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                kill(-pid, SIGKILL)  // whatever it started in its group
                return status == 0
            }
            usleep(2_000)
        } while monotonicNanoseconds() < deadline
        kill(-pid, SIGTERM)
        let killAt = monotonicNanoseconds() + 1_000_000_000
        while waitpid(pid, &status, WNOHANG) != pid {
            if monotonicNanoseconds() > killAt { kill(-pid, SIGKILL) }
            usleep(2_000)
        }
        reaped = true
        kill(-pid, SIGKILL)
        return false
    }

    /// The last lines of its standard error (from the log file), for a message; empty when there are none.
    func errorTail(lines: Int = 5) -> String {
        guard let log, let text = try? String(contentsOf: log, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: " / ")
    }
}
