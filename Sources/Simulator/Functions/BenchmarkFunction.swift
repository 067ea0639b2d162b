import TuningKit

#if canImport(Glibc)
    import Glibc
#endif

/// Standard optimization test functions as environments, for checking optimizers against published
/// numbers: Branin (2-d), Hartmann6 (6-d), and Rosenbrock, Ackley and Levy in any dimension.
///
/// Each coordinate x_i is a real knob over the function's usual domain; agents see the unit cube. The
/// objective `value` is minimized, noise-free, with the literature optimum as reference (Surjanovic and
/// Bingham, Virtual Library of Simulation Experiments). The default configuration is the point at 30% of
/// every range, which is no function's optimum (the centre is Ackley's).
public final class BenchmarkFunction: Environment {
    public enum Kind: String, Sendable, CaseIterable {
        case branin, hartmann6, rosenbrock, ackley, levy

        /// The dimension, when fixed by the function.
        public var fixedDimension: Int? {
            switch self {
            case .branin: 2
            case .hartmann6: 6
            default: nil
            }
        }

        /// The global minimum from the literature.
        public var optimum: Double {
            switch self {
            case .branin: 0.397887357729739
            case .hartmann6: -3.32236801141551
            case .rosenbrock, .ackley, .levy: 0
            }
        }

        func domain(_ i: Int) -> ClosedRange<Double> {
            switch self {
            case .branin: i == 0 ? -5...10 : 0...15
            case .hartmann6: 0...1
            case .rosenbrock: -5...10
            case .ackley: -32.768...32.768
            case .levy: -10...10
            }
        }
    }

    public let kind: Kind
    public let space: KnobSpace
    public let objective = Objective(name: "value", unit: "", direction: .minimize)
    public let metricNames: [String] = []

    public init(_ kind: Kind, dimensions: Int) {
        precondition(
            kind.fixedDimension.map { $0 == dimensions } ?? (dimensions >= 2),
            "\(kind): unsupported dimension \(dimensions)")
        self.kind = kind
        space = KnobSpace(
            (0..<dimensions).map { i in
                let range = kind.domain(i)
                return Knob(
                    name: "x\(i + 1)", domain: .real(range),
                    defaultValue: .real(range.lowerBound + 0.3 * (range.upperBound - range.lowerBound)))
            })
    }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> Measurement {
        Measurement(objective: Self.value(kind, configuration.values.map { $0.number! }))
    }

    public var reference: ReferenceSurface? {
        let kind = self.kind
        return ReferenceSurface(
            optimum: kind.optimum, noiseFreeObjective: { Self.value(kind, $0.values.map { $0.number! }) })
    }

    /// The function at x (in its own domain).
    public static func value(_ kind: Kind, _ x: [Double]) -> Double {
        switch kind {
        case .branin: branin(x)
        case .hartmann6: hartmann6(x)
        case .rosenbrock: rosenbrock(x)
        case .ackley: ackley(x)
        case .levy: levy(x)
        }
    }

    /// f = (x2 - b x1^2 + c x1 - r)^2 + s (1 - t) cos(x1) + s, b = 5.1 / (4 pi^2), c = 5 / pi, r = 6, s = 10, t = 1
    /// / (8 pi).
    static func branin(_ x: [Double]) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
        return u * u + 10 * (1 - t) * cos(x[0]) + 10
    }

    static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    static let hartmannP: [[Double]] = [
        [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
    ].map { $0.map { $0 * 1e-4 } }

    /// f = -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)^2).
    static func hartmann6(_ x: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 {
                let d = x[j] - hartmannP[i][j]
                inner += hartmannA[i][j] * d * d
            }
            sum += hartmannAlpha[i] * exp(-inner)
        }
        return -sum
    }

    /// f = sum_{i<d} 100 (x_{i+1} - x_i^2)^2 + (x_i - 1)^2.
    static func rosenbrock(_ x: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = x[i] - 1
            sum += 100 * a * a + b * b
        }
        return sum
    }

    /// f = -20 exp(-0.2 sqrt(mean x_i^2)) - exp(mean cos(2 pi x_i)) + 20 + e.
    static func ackley(_ x: [Double]) -> Double {
        let n = Double(x.count)
        let squares = x.reduce(0) { $0 + $1 * $1 } / n
        let cosines = x.reduce(0) { $0 + cos(2 * Double.pi * $1) } / n
        return -20 * exp(-0.2 * sqrt(squares)) - exp(cosines) + 20 + M_E
    }

    /// w_i = 1 + (x_i - 1) / 4; f = sin^2(pi w_1) + sum_{i<d} (w_i - 1)^2 (1 + 10 sin^2(pi w_i + 1)) + (w_d - 1)^2
    /// (1 + sin^2(2 pi w_d)).
    static func levy(_ x: [Double]) -> Double {
        let w = x.map { 1 + ($0 - 1) / 4 }
        let first = sin(Double.pi * w[0])
        var sum = first * first
        for i in 0..<(w.count - 1) {
            let s = sin(Double.pi * w[i] + 1)
            sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * s * s)
        }
        let last = w[w.count - 1], s = sin(2 * Double.pi * last)
        return sum + (last - 1) * (last - 1) * (1 + s * s)
    }
}
