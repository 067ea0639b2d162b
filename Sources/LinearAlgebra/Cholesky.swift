import Foundation

/// Errors from the LAPACK-backed factorizations and solves.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not (numerically) positive definite: its leading minor of this order is not positive.
    case notPositiveDefinite(leadingMinor: Int)
    /// A triangular matrix has a zero on its diagonal at this (1-based) position.
    case singular(diagonalIndex: Int)
    /// An input has the wrong shape for the operation.
    case shapeMismatch(String)
    /// LAPACK rejected an argument (LAPACK's negative info), e.g. a NaN in the input.
    case invalidArgument(Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k): "matrix is not positive definite (leading minor \(k) is not positive)"
        case .singular(let i): "triangular matrix is singular (zero at diagonal position \(i))"
        case .shapeMismatch(let what): "shape mismatch: \(what)"
        case .invalidArgument(let i): "LAPACK rejected argument \(-i) (is there a NaN in the input?)"
        }
    }
}

/// Solves op(T) X = B for a triangular square T (LAPACK ?trtrs); `lower` says which triangle of T is used.
@inlinable
public func solveTriangular<T: BLASScalar>(
    _ t: Matrix<T>, _ b: Matrix<T>, lower: Bool, transpose: Bool = false
) throws -> Matrix<T> {
    guard t.rows == t.columns else {
        throw LinearAlgebraError.shapeMismatch("triangular matrix is \(t.rows)x\(t.columns)")
    }
    guard b.rows == t.rows else {
        throw LinearAlgebraError.shapeMismatch("right-hand side has \(b.rows) rows, expected \(t.rows)")
    }
    var x = b
    guard t.rows > 0, b.columns > 0 else { return x }
    let info = t.elements.withUnsafeBufferPointer { pt in
        x.elements.withUnsafeMutableBufferPointer { px in
            T.trtrs(
                lower: lower, transpose: transpose, n: t.rows, nrhs: b.columns,
                t: pt.baseAddress!, ldt: t.columns, b: px.baseAddress!, ldb: b.columns)
        }
    }
    if info > 0 { throw LinearAlgebraError.singular(diagonalIndex: info) }
    if info < 0 { throw LinearAlgebraError.invalidArgument(info) }
    return x
}

/// The Cholesky factorization A = L L^T of a symmetric positive-definite matrix (LAPACK ?potrf).
public struct Cholesky<T: BLASScalar>: Sendable {
    /// The lower-triangular factor L (the strict upper triangle is zero).
    public let lower: Matrix<T>

    /// Factors `a`, reading its lower triangle; throws `notPositiveDefinite` instead of crashing.
    @inlinable
    public init(_ a: Matrix<T>) throws {
        guard a.rows == a.columns else {
            throw LinearAlgebraError.shapeMismatch("Cholesky needs a square matrix, got \(a.rows)x\(a.columns)")
        }
        var l = a
        let n = a.rows
        if n > 0 {
            let info = l.elements.withUnsafeMutableBufferPointer { T.potrfLower(n: n, a: $0.baseAddress!, lda: n) }
            if info > 0 { throw LinearAlgebraError.notPositiveDefinite(leadingMinor: info) }
            if info < 0 { throw LinearAlgebraError.invalidArgument(info) }
        }
        l.elements.withUnsafeMutableBufferPointer { e in
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { e[i * n + j] = 0 } }
        }
        lower = l
    }

    /// Solves A X = B through L (L^T X) = B: two triangular solves.
    @inlinable
    public func solve(_ b: Matrix<T>) throws -> Matrix<T> {
        let y = try solveTriangular(lower, b, lower: true)
        return try solveTriangular(lower, y, lower: true, transpose: true)
    }

    /// Solves A x = b for one right-hand side.
    @inlinable
    public func solve(_ b: [T]) throws -> [T] {
        try solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
    }

    /// A^-1 (symmetric, both triangles filled), from the factor (LAPACK ?potri).
    @inlinable
    public func inverse() throws -> Matrix<T> {
        var inverse = lower
        let n = lower.rows
        guard n > 0 else { return inverse }
        let info = inverse.elements.withUnsafeMutableBufferPointer { T.potriLower(n: n, a: $0.baseAddress!, lda: n) }
        if info > 0 { throw LinearAlgebraError.singular(diagonalIndex: info) }
        if info < 0 { throw LinearAlgebraError.invalidArgument(info) }
        inverse.elements.withUnsafeMutableBufferPointer { e in
            for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { e[i * n + j] = e[j * n + i] } }
        }
        return inverse
    }

    /// log det A = 2 * sum_i log L_ii.
    @inlinable
    public var logDeterminant: T {
        var sum: Double = 0
        for i in 0..<lower.rows { sum += Foundation.log(Double(lower[i, i])) }
        return T(2 * sum)
    }
}
