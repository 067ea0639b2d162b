import Foundation

/// An axis: a data interval mapped onto a pixel interval, linear with "nice" ticks (1, 2, 5 x 10^k), or
/// logarithmic with ticks at powers of ten (for quantities spanning decades, such as times per step).
struct Axis {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    let logarithmic: Bool

    /// A linear axis covering `values` (padded by 5% when `pad`), with about `count` ticks at round numbers.
    init(covering values: [Double], count: Int = 6, pad: Bool = true) {
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if hi - lo < 1e-12 * max(abs(hi), 1) {
            let half = max(abs(hi) * 0.05, 1e-9)
            lo -= half
            hi += half
        } else if pad {
            // Pad by 5%, but do not cross zero: a non-negative quantity keeps a zero floor.
            let margin = (hi - lo) * 0.05
            lo = lo >= 0 ? max(0, lo - margin) : lo - margin
            hi = hi <= 0 ? min(0, hi + margin) : hi + margin
        }
        let step = Axis.niceStep((hi - lo) / Double(max(count - 1, 1)))
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
        ticks = stride(from: lower, through: upper + step * 1e-9, by: step).map { ($0 / step).rounded() * step }
        logarithmic = false
    }

    /// A logarithmic axis from the power of ten below the smallest positive value to the one above the
    /// largest, with a tick at each power.
    init(logCovering values: [Double]) {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        let lo = floor(log10(positive.min() ?? 1)), hi = max(ceil(log10(positive.max() ?? 10)), lo + 1)
        lower = pow(10, lo)
        upper = pow(10, hi)
        ticks = stride(from: lo, through: hi, by: 1).map { pow(10, $0) }
        logarithmic = true
    }

    /// The smallest of 1, 2, 5 x 10^k that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= raw * (1 - 1e-9) { return factor * magnitude }
        return 10 * magnitude
    }

    /// The position of `value` in [from, to] pixels (values at or below zero sit at the start of a log axis).
    func map(_ value: Double, from: Double, to: Double) -> Double {
        guard logarithmic else { return from + (value - lower) / (upper - lower) * (to - from) }
        let share = (log10(max(value, lower)) - log10(lower)) / (log10(upper) - log10(lower))
        return from + share * (to - from)
    }

    /// A tick label: few digits, no trailing zeros, scientific for very large or small magnitudes.
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 { return String(format: "%.2g", value) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
