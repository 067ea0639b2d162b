import Foundation
import LinearAlgebra
import TuningKit

/// Naive reference implementations the BLAS/LAPACK routines are checked against.
enum Reference {
    static func random<T: BLASScalar>(
        _ rows: Int, _ columns: Int, _ generator: inout SeededGenerator, as: T.Type = T.self
    ) -> Matrix<T> {
        Matrix(
            rows: rows, columns: columns,
            elements: (0..<(rows * columns)).map { _ in T(generator.nextDouble(in: -1, 1)) })
    }

    static func product<T: BLASScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Matrix<T> {
        var c = Matrix<T>(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum: Double = 0
                for k in 0..<a.columns { sum += Double(a[i, k]) * Double(b[k, j]) }
                c[i, j] = T(sum)
            }
        }
        return c
    }

    static func maxDifference<T: BLASScalar>(_ a: Matrix<T>, _ b: Matrix<T>) -> Double {
        precondition(a.rows == b.rows && a.columns == b.columns)
        return zip(a.elements, b.elements).map { abs(Double($0) - Double($1)) }.max() ?? 0
    }

    /// A random symmetric positive-definite matrix B B^T + n I.
    static func spd<T: BLASScalar>(_ n: Int, _ generator: inout SeededGenerator, as: T.Type = T.self) -> Matrix<T> {
        let b: Matrix<T> = random(n, n, &generator)
        var a = product(b, b.transposed)
        for i in 0..<n { a[i, i] += T(n) }
        return a
    }

    /// log |det A| by Gaussian elimination with partial pivoting.
    static func logDeterminant<T: BLASScalar>(_ a: Matrix<T>) -> Double {
        var m = a.elements.map(Double.init)
        let n = a.rows
        var sum = 0.0
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0 * n + col]) < abs(m[$1 * n + col]) }!
            if pivot != col { for j in 0..<n { m.swapAt(col * n + j, pivot * n + j) } }
            sum += log(abs(m[col * n + col]))
            for r in (col + 1)..<max(n, col + 1) {
                let f = m[r * n + col] / m[col * n + col]
                for j in col..<n { m[r * n + j] -= f * m[col * n + j] }
            }
        }
        return sum
    }
}
