import LinearAlgebra
import TuningKit
import XCTest

final class ProductsTests: XCTestCase {
    func testGemmMatchesNaiveForAllTransposesAndShapes() {
        checkGemm(Float.self, tolerance: 1e-4)
        checkGemm(Double.self, tolerance: 1e-12)
    }

    private func checkGemm<T: BLASScalar>(_ type: T.Type, tolerance: Double) {
        var g = SeededGenerator(seed: 1)
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (7, 2, 4), (16, 9, 1), (64, 33, 17)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a: Matrix<T> = transposeA ? Reference.random(k, m, &g) : Reference.random(m, k, &g)
                    let b: Matrix<T> = transposeB ? Reference.random(n, k, &g) : Reference.random(k, n, &g)
                    var c: Matrix<T> = Reference.random(m, n, &g)
                    let c0 = c
                    gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: 1.5, beta: -0.5)
                    var expected = Reference.product(transposeA ? a.transposed : a, transposeB ? b.transposed : b)
                    for i in expected.elements.indices {
                        expected.elements[i] = 1.5 * expected.elements[i] - 0.5 * c0.elements[i]
                    }
                    XCTAssertLessThan(
                        Reference.maxDifference(c, expected), tolerance,
                        "\(T.self) \(m)x\(n)x\(k) tA=\(transposeA) tB=\(transposeB)")
                }
            }
        }
    }

    func testMatmulShapes() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Double>([[1, 0], [0, 1], [1, 1]])
        XCTAssertEqual(matmul(a, b), Matrix([[4, 5], [10, 11]]))
        XCTAssertEqual(matmul(a, a, transposeB: true), Matrix([[14, 32], [32, 77]]))
        XCTAssertEqual(matmul(a, a, transposeA: true).rows, 3)
    }

    func testGemvMatchesNaive() {
        checkGemv(Float.self, tolerance: 1e-4)
        checkGemv(Double.self, tolerance: 1e-12)
    }

    private func checkGemv<T: BLASScalar>(_ type: T.Type, tolerance: Double) {
        var g = SeededGenerator(seed: 2)
        for (m, n) in [(1, 1), (5, 3), (3, 8), (40, 17)] {
            for transpose in [false, true] {
                let a: Matrix<T> = Reference.random(m, n, &g)
                let x = Reference.random(transpose ? m : n, 1, &g, as: T.self).elements
                var y = Reference.random(transpose ? n : m, 1, &g, as: T.self).elements
                let y0 = y
                gemv(a, x, into: &y, transpose: transpose, alpha: 2, beta: 0.25)
                let ax = Reference.product(transpose ? a.transposed : a, Matrix(rows: x.count, columns: 1, elements: x))
                for i in y.indices {
                    XCTAssertEqual(Double(y[i]), 2 * Double(ax.elements[i]) + 0.25 * Double(y0[i]), accuracy: tolerance)
                }
            }
        }
    }

    func testAxpyAndDot() {
        var g = SeededGenerator(seed: 3)
        let x = (0..<37).map { _ in g.nextDouble(in: -1, 1) }
        var y = (0..<37).map { _ in g.nextDouble(in: -1, 1) }
        let y0 = y
        axpy(-0.75, x, &y)
        for i in y.indices { XCTAssertEqual(y[i], y0[i] - 0.75 * x[i], accuracy: 1e-15) }
        XCTAssertEqual(dot(x, y0), zip(x, y0).map(*).reduce(0, +), accuracy: 1e-12)
        let xf = x.map(Float.init), yf = y0.map(Float.init)
        XCTAssertEqual(Double(dot(xf, yf)), zip(x, y0).map(*).reduce(0, +), accuracy: 1e-4)
        XCTAssertEqual(dot([Double](), []), 0)
    }
}
