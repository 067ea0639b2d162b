/// Minimizes a smooth function within a box: limited-memory BFGS (Nocedal, 1980) with the iterates
/// projected onto the bounds and the directions restricted to the free coordinates, and a backtracking
/// (Armijo) line search. A small stand-in for L-BFGS-B, enough for the few dozen variables of a GP's
/// hyperparameters or an acquisition function.
public enum BoundedLBFGS {
    /// Where the search stopped, the value there, and how many times the objective was evaluated.
    public struct Result {
        public var x: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// `objective` returns the value and gradient at a point inside the bounds.
    public static func minimize(
        from start: [Double], lower: [Double], upper: [Double], memory: Int = 8, maxIterations: Int = 100,
        tolerance: Double = 1e-6, objective: ([Double]) -> (value: Double, gradient: [Double])
    ) -> Result {
        let d = start.count
        func project(_ x: [Double]) -> [Double] { (0..<d).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var x = project(start)
        var (f, g) = objective(x)
        var evaluations = 1
        var history: [(s: [Double], y: [Double], rho: Double)] = []
        guard f.isFinite else { return Result(x: x, value: f, evaluations: evaluations) }
        for iteration in 0..<maxIterations {
            // Coordinates held at a bound by the gradient are fixed for this step.
            let free = (0..<d).map { i in !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)) }
            let projected = (0..<d).map { free[$0] ? g[$0] : 0 }
            if projected.map(abs).max() ?? 0 < tolerance { break }
            // Two-loop recursion: direction = -H g.
            var q = projected
            var alphas: [Double] = []
            for (s, y, rho) in history.reversed() {
                let a = rho * dot(s, q)
                alphas.append(a)
                for i in 0..<d { q[i] -= a * y[i] }
            }
            if let last = history.last {
                let scale = dot(last.s, last.y) / dot(last.y, last.y)
                for i in 0..<d { q[i] *= scale }
            }
            for ((s, y, rho), a) in zip(history, alphas.reversed()) {
                let b = rho * dot(y, q)
                for i in 0..<d { q[i] += s[i] * (a - b) }
            }
            var direction = (0..<d).map { free[$0] ? -q[$0] : 0 }
            if dot(direction, projected) >= 0 {  // not a descent direction: restart from steepest descent
                direction = projected.map { -$0 }
                history.removeAll()
            }
            // Backtracking line search on the projected path.
            var step = iteration == 0 && history.isEmpty ? min(1, 1 / max(projected.map(abs).max()!, 1e-12)) : 1.0
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<30 {
                let candidate = project((0..<d).map { x[$0] + step * direction[$0] })
                let (fc, gc) = objective(candidate)
                evaluations += 1
                let decrease = dot(g, (0..<d).map { candidate[$0] - x[$0] })
                if fc.isFinite && fc <= f + 1e-4 * decrease {
                    accepted = (candidate, fc, gc)
                    break
                }
                step *= 0.5
            }
            guard let (xn, fn, gn) = accepted else { break }
            let s = (0..<d).map { xn[$0] - x[$0] }, y = (0..<d).map { gn[$0] - g[$0] }
            let sy = dot(s, y)
            if sy > 1e-12 {
                history.append((s, y, 1 / sy))
                if history.count > memory { history.removeFirst() }
            }
            let improvement = f - fn
            (x, f, g) = (xn, fn, gn)
            if improvement < tolerance * max(1, abs(f)) * 1e-3 { break }
        }
        return Result(x: x, value: f, evaluations: evaluations)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
