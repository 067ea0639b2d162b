import LinearAlgebra
import TuningKit
import XCTest

final class CholeskyTests: XCTestCase {
    func testFactorSolveAndLogDeterminant() throws {
        try check(Double.self, tolerance: 1e-9)
        try check(Float.self, tolerance: 2e-3)
    }

    private func check<T: BLASScalar>(_ type: T.Type, tolerance: Double) throws {
        var g = SeededGenerator(seed: 4)
        for n in [1, 2, 5, 30] {
            let a: Matrix<T> = Reference.spd(n, &g)
            let cholesky = try Cholesky(a)
            let l = cholesky.lower
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { XCTAssertEqual(l[i, j], 0) } }
            XCTAssertLessThan(Reference.maxDifference(Reference.product(l, l.transposed), a), tolerance * Double(n))

            let b: Matrix<T> = Reference.random(n, 3, &g)
            let x = try cholesky.solve(b)
            XCTAssertLessThan(Reference.maxDifference(Reference.product(a, x), b), tolerance * Double(n))
            XCTAssertEqual(
                Double(cholesky.logDeterminant), Reference.logDeterminant(a), accuracy: tolerance * Double(n) * 10)
            let inverse = try cholesky.inverse()
            XCTAssertLessThan(
                Reference.maxDifference(Reference.product(a, inverse), Matrix<T>.identity(n)), tolerance * Double(n))
        }
    }

    func testTriangularSolveAllForms() throws {
        var g = SeededGenerator(seed: 5)
        let n = 6
        var t: Matrix<Double> = Reference.random(n, n, &g)
        for i in 0..<n { t[i, i] = 2 + Double(i) }
        let b: Matrix<Double> = Reference.random(n, 2, &g)
        for lower in [true, false] {
            var triangle = t
            for i in 0..<n { for j in 0..<n where lower ? j > i : j < i { triangle[i, j] = 0 } }
            for transpose in [false, true] {
                let x = try solveTriangular(t, b, lower: lower, transpose: transpose)
                let op = transpose ? triangle.transposed : triangle
                XCTAssertLessThan(
                    Reference.maxDifference(Reference.product(op, x), b), 1e-12, "lower=\(lower) transpose=\(transpose)"
                )
            }
        }
    }

    func testNotPositiveDefiniteThrows() {
        let indefinite = Matrix<Double>([[1, 2], [2, 1]])
        XCTAssertThrowsError(try Cholesky(indefinite)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(leadingMinor: 2))
        }
        XCTAssertThrowsError(try Cholesky(Matrix<Float>([[-1]])))
        XCTAssertThrowsError(try Cholesky(Matrix<Double>([[Double.nan, 0], [0, 1]])))
        XCTAssertThrowsError(try Cholesky(Matrix<Double>(rows: 2, columns: 3)))
    }

    func testSingularTriangleThrows() {
        let singular = Matrix<Double>([[1, 0], [3, 0]])
        XCTAssertThrowsError(try solveTriangular(singular, Matrix([[1], [1]]), lower: true)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(diagonalIndex: 2))
        }
    }
}
