import Glibc

extension Duration {
    /// The duration in seconds as a Double, for timings.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension Duration {
    /// Seconds as a clock shows them: 75 -> "1:15", 4000 -> "1:06:40".
    public static func clockText(seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds.rounded() : 0)
        return s >= 3600
            ? "\(s / 3600):\(twoDigits(s / 60 % 60)):\(twoDigits(s % 60))" : "\(s / 60):\(twoDigits(s % 60))"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// Nanoseconds of the monotonic clock (a vDSO call, about 20 ns): for deadlines and timings in loops where
/// `ContinuousClock` would cost more.
@inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
