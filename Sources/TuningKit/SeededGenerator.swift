import Foundation

/// A seeded, platform-independent pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018),
/// its state filled from the seed by SplitMix64.
///
/// Every random choice in satune flows from one of these, created from the manifest's seed, so a
/// run is reproducible bit for bit. The floating-point and integer helpers below are defined here
/// (not by the standard library) so that results do not depend on a Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// A generator whose whole stream is fixed by `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// A generator for one named purpose within a run: `SeededGenerator(seed: 7, stream: "noise")`
    /// and `(seed: 7, stream: "agent")` are independent, and both fixed by the seed.
    public init(seed: UInt64, stream: String) {
        self.init(seed: SeededGenerator.derive(seed, stream))
    }

    /// Mixes a label into a seed (FNV-1a over the label's UTF-8 bytes, then SplitMix64's finalizer).
    public static func derive(_ seed: UInt64, _ label: String) -> UInt64 {
        var sm = SplitMix64(state: seed ^ fnv1a(label.utf8))
        return sm.next()
    }

    /// A generator for the `index`-th draw of a stream, e.g. the noise of trial `index` of a run: each index
    /// has its own independent generator, so the draw does not depend on the draws before it.
    public init(seed: UInt64, index: Int) {
        self.init(seed: SeededGenerator.derive(seed, index))
    }

    /// Mixes an index into a seed: the `index`-th output of SplitMix64 started at `seed`.
    public static func derive(_ seed: UInt64, _ index: Int) -> UInt64 {
        var sm = SplitMix64(state: seed &+ UInt64(bitPattern: Int64(index)) &* 0x9e37_79b9_7f4a_7c15)
        return sm.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [lower, upper).
    public mutating func nextDouble(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextDouble()
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-shift with rejection, unbiased).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }

    /// A standard normal deviate (Box-Muller transform; one of the pair is used, so no hidden state).
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextDouble()  // in (0, 1]: log is finite
        let u2 = nextDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// Shuffles in place (Fisher-Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): seeds xoshiro and mixes derived seeds.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
