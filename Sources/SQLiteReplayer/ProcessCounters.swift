import Foundation
import TuningKit

/// What the process and the machine had used at one moment, read from the kernel, so a replay can report
/// its CPU time and I/O, and how busy the rest of the machine was while it ran.
struct ProcessCounters {
    /// CPU time of this process in seconds (user and system), from getrusage.
    var userSeconds = 0.0, systemSeconds = 0.0
    /// /proc/self/io: bytes and system calls through read/write, and bytes that reached the storage layer.
    var readChars = 0.0, writeChars = 0.0, readCalls = 0.0, writeCalls = 0.0, readBytes = 0.0, writeBytes = 0.0
    /// CPU time in seconds that all processes spent busy, over all cores, from /proc/stat.
    var machineBusySeconds = 0.0

    static func now() -> ProcessCounters {
        var counters = ProcessCounters()
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        counters.userSeconds = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        counters.systemSeconds = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        for (key, value) in fields("/proc/self/io") {
            switch key {
            case "rchar:": counters.readChars = value
            case "wchar:": counters.writeChars = value
            case "syscr:": counters.readCalls = value
            case "syscw:": counters.writeCalls = value
            case "read_bytes:": counters.readBytes = value
            case "write_bytes:": counters.writeBytes = value
            default: break
            }
        }
        counters.machineBusySeconds = MachineLoad.busySeconds()
        return counters
    }

    /// "key value" pairs of a /proc file.
    private static func fields(_ path: String) -> [(String, Double)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { return nil }
            return (String(parts[0]), value)
        }
    }

    /// The counters accumulated between `start` and `self`.
    func since(_ start: ProcessCounters) -> ProcessCounters {
        ProcessCounters(
            userSeconds: userSeconds - start.userSeconds, systemSeconds: systemSeconds - start.systemSeconds,
            readChars: readChars - start.readChars, writeChars: writeChars - start.writeChars,
            readCalls: readCalls - start.readCalls, writeCalls: writeCalls - start.writeCalls,
            readBytes: readBytes - start.readBytes, writeBytes: writeBytes - start.writeBytes,
            machineBusySeconds: machineBusySeconds - start.machineBusySeconds)
    }

    /// The share of the machine's cores that other processes kept busy over `wallSeconds` (0 = idle, 1 = all cores).
    func otherLoad(wallSeconds: Double) -> Double {
        MachineLoad.otherLoad(
            machineBusySeconds: machineBusySeconds, measuredSeconds: userSeconds + systemSeconds,
            wallSeconds: wallSeconds)
    }
}
