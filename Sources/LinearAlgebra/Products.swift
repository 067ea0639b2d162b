/// Matrix and vector products on BLAS. Shapes are checked with `precondition`: a mismatch is a programming error.

/// C = alpha * op(A) * op(B) + beta * C, where op transposes when asked (BLAS ?gemm).
@inlinable
public func gemm<T: BLASScalar>(
    _ a: Matrix<T>, _ b: Matrix<T>, into c: inout Matrix<T>,
    transposeA: Bool = false, transposeB: Bool = false, alpha: T = 1, beta: T = 0
) {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    precondition(k == kb, "gemm: inner dimensions differ (\(k) vs \(kb))")
    precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)x\(c.columns), expected \(m)x\(n)")
    guard m > 0, n > 0 else { return }
    let (lda, ldb, ldc) = (max(a.columns, 1), max(b.columns, 1), n)
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            c.elements.withUnsafeMutableBufferPointer { pc in
                T.gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    alpha: alpha, a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                    beta: beta, c: pc.baseAddress!, ldc: ldc)
            }
        }
    }
}

/// op(A) * op(B) as a new matrix.
@inlinable
public func matmul<T: BLASScalar>(
    _ a: Matrix<T>, _ b: Matrix<T>, transposeA: Bool = false, transposeB: Bool = false
) -> Matrix<T> {
    var c = Matrix<T>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
    gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB)
    return c
}

/// y = alpha * op(A) * x + beta * y (BLAS ?gemv).
@inlinable
public func gemv<T: BLASScalar>(
    _ a: Matrix<T>, _ x: [T], into y: inout [T], transpose: Bool = false, alpha: T = 1, beta: T = 0
) {
    let (outCount, inCount) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
    precondition(x.count == inCount, "gemv: x has \(x.count) elements, expected \(inCount)")
    precondition(y.count == outCount, "gemv: y has \(y.count) elements, expected \(outCount)")
    guard a.rows > 0, a.columns > 0 else {
        for i in y.indices { y[i] *= beta }
        return
    }
    a.elements.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                T.gemv(
                    transpose: transpose, m: a.rows, n: a.columns, alpha: alpha, a: pa.baseAddress!,
                    lda: a.columns, x: px.baseAddress!, beta: beta, y: py.baseAddress!)
            }
        }
    }
}

/// y = alpha * x + y (BLAS ?axpy).
@inlinable
public func axpy<T: BLASScalar>(_ alpha: T, _ x: [T], _ y: inout [T]) {
    precondition(x.count == y.count, "axpy: lengths differ (\(x.count) vs \(y.count))")
    guard !x.isEmpty else { return }
    x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
            T.axpy(n: px.count, alpha: alpha, x: px.baseAddress!, y: py.baseAddress!)
        }
    }
}

/// The inner product x . y (BLAS ?dot).
@inlinable
public func dot<T: BLASScalar>(_ x: [T], _ y: [T]) -> T {
    precondition(x.count == y.count, "dot: lengths differ (\(x.count) vs \(y.count))")
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in T.dot(n: px.count, x: px.baseAddress!, y: py.baseAddress!) }
    }
}
