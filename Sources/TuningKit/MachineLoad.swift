import Foundation

/// How busy the whole machine is, from the kernel's `/proc/stat`, so that a real measurement can tell
/// whether other processes competed with it for the cores.
public enum MachineLoad {
    /// CPU seconds all processes have spent busy since boot, summed over every core (user, nice, system,
    /// irq, softirq and steal time; idle and iowait are not busy). 0 where `/proc/stat` cannot be read.
    public static func busySeconds() -> Double {
        // "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks.
        guard let line = try? String(contentsOfFile: "/proc/stat", encoding: .utf8).split(separator: "\n").first
        else { return 0 }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 8 else { return 0 }
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
        return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The share of all cores (0 = idle, 1 = every core) that processes other than the measured ones kept
    /// busy over `wallSeconds`: the machine's busy CPU seconds in that time minus the CPU seconds of the
    /// processes being measured, over the time the cores had.
    public static func otherLoad(machineBusySeconds: Double, measuredSeconds: Double, wallSeconds: Double) -> Double {
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        guard wallSeconds > 0 else { return 0 }
        return min(max((machineBusySeconds - measuredSeconds) / (wallSeconds * cores), 0), 1)
    }
}
