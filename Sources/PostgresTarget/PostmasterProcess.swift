import Foundation

/// A running PostgreSQL server found through its data directory's `postmaster.pid`, checked against
/// `/proc` (its command line names that data directory), so that a reused process id is never signalled.
struct PostmasterProcess: Sendable {
    let pid: pid_t

    /// The server running on `data` (a canonical path, as pg_ctl passes it on), or nil when none is: the one
    /// its `postmaster.pid` names, or else a child of this process running on it (a server whose start was cut
    /// short before it wrote the file; satune adopts what pg_ctl starts).
    init?(data: URL) {
        if let text = try? String(contentsOf: data.appendingPathComponent("postmaster.pid"), encoding: .utf8),
            let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces)),
            pid > 0, Self.runs(pid, on: data)
        {
            self.pid = pid
        } else if let child = Self.children(of: getpid()).first(where: { Self.runs($0, on: data) }) {
            pid = child
        } else {
            return nil
        }
    }

    /// True when process `pid` is a PostgreSQL server whose command line names `data`.
    private static func runs(_ pid: pid_t, on data: URL) -> Bool {
        guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return false }
        let words = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.first?.hasSuffix("postgres") == true && words.contains(data.path)
    }

    /// True while the process exists and is not a zombie waiting to be reaped.
    var isRunning: Bool { Self.state(of: pid).map { $0 != "Z" && $0 != "X" } ?? false }

    /// Stops the server at once (SIGQUIT: an immediate shutdown, which its trial copy never needs to recover
    /// from) and waits until it and its children are gone; SIGKILL after `grace` seconds.
    func stopNow(grace: Double = 5) {
        kill(pid, SIGQUIT)
        let deadline = Date().addingTimeInterval(grace)
        while !ended() && Date() < deadline { usleep(2_000) }
        guard !ended() else { return }
        let children = Self.children(of: pid)
        for child in children { kill(child, SIGKILL) }
        kill(pid, SIGKILL)
        while !ended() { usleep(2_000) }
        // Children the server did not live to reap are this process's now (a subreaper): reap them.
        for child in children {
            var status: Int32 = 0
            for _ in 0..<500 where waitpid(child, &status, WNOHANG) == 0 { usleep(2_000) }
        }
    }

    /// Waits (at most `timeout` seconds) until a server that is shutting down by itself has ended, and reaps it.
    func waitUntilEnded(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !ended() {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }

    /// True once the server has ended: reaped here when it is this process's child (satune is a subreaper,
    /// so a server `pg_ctl` started is), else no longer running according to /proc.
    func ended() -> Bool {
        var status: Int32 = 0
        switch waitpid(pid, &status, WNOHANG) {
        case pid: return true
        case 0: return false
        default: return !isRunning
        }
    }

    /// CPU seconds (user, system) the server has used: the postmaster, the children it has reaped (backends
    /// that ended), and `children`, those still running (`children(of: pid)`, read once for this and `ioBytes`).
    func cpuSeconds(children: [pid_t]) -> (user: Double, system: Double) {
        guard let mine = Self.stat(of: pid) else { return (0, 0) }
        var user = mine[11] + mine[13], system = mine[12] + mine[14]  // utime + cutime, stime + cstime
        for child in children {
            if let fields = Self.stat(of: child) {
                user += fields[11]
                system += fields[12]
            }
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user / ticks, system / ticks)
    }

    /// Bytes the server's processes read from and wrote to storage (`read_bytes`, `write_bytes` of
    /// /proc/<pid>/io): the postmaster, which the kernel credits with the I/O of the children it reaped
    /// (backends that ended), and `children`, those still running. Reads count where they miss the page
    /// cache, writes when a page is dirtied (a page rewritten before it reaches the disk counts again).
    func ioBytes(children: [pid_t]) -> (read: Double, written: Double) {
        var read = 0.0, written = 0.0
        for process in [pid] + children {
            guard let text = try? String(contentsOfFile: "/proc/\(process)/io", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":")
                guard parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
                    continue
                }
                if parts[0] == "read_bytes" { read += value }
                if parts[0] == "write_bytes" { written += value }
            }
        }
        return (read, written)
    }

    /// The processes whose parent is `pid`.
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { child in
            stat(of: child).map { Int($0[1]) == Int(pid) } ?? false
        }
    }

    /// The numeric fields of /proc/<pid>/stat after the command name: index 0 is the state's position (as 0),
    /// 1 the parent, 11...14 utime, stime, cutime, cstime in clock ticks.
    private static func stat(of pid: pid_t) -> [Double]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.map { Double($0) ?? 0 }
    }

    /// The one-letter state of a process (R, S, D, Z, ...), or nil when there is none.
    private static func state(of pid: pid_t) -> Character? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    }
}
