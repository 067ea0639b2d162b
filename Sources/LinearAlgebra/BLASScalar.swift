import CBLAS
import CLAPACKE

/// LAPACKE's `lapack_int` is a C macro that Swift cannot see; on Debian it is a 32-bit int.
typealias LapackInt = Int32

/// A floating-point type with BLAS and LAPACK kernels: `Float` (s-routines) and `Double` (d-routines).
///
/// Every routine takes row-major storage through raw pointers, so callers that must not allocate
/// (the inner loops of network training) can work on buffers they own.
public protocol BLASScalar: BinaryFloatingPoint, Sendable {
    /// C = alpha * op(A) * op(B) + beta * C, with op(A) m x k, op(B) k x n, C m x n (BLAS ?gemm).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// y = alpha * op(A) * x + beta * y, with A m x n (BLAS ?gemv).
    static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
    /// y = alpha * x + y over n elements (BLAS ?axpy).
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    /// The inner product of n elements (BLAS ?dot).
    static func dot(n: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self
    /// Lower Cholesky factor in place (LAPACK ?potrf); returns LAPACK's info (0 on success, > 0: not positive
    /// definite).
    static func potrfLower(n: Int, a: UnsafeMutablePointer<Self>, lda: Int) -> Int
    /// The inverse of A from its lower Cholesky factor, in place (LAPACK ?potri; lower triangle written).
    static func potriLower(n: Int, a: UnsafeMutablePointer<Self>, lda: Int) -> Int
    /// Solves op(T) X = B in place for a triangular n x n T and n x nrhs B (LAPACK ?trtrs); returns info.
    static func trtrs(
        lower: Bool, transpose: Bool, n: Int, nrhs: Int,
        t: UnsafePointer<Self>, ldt: Int, b: UnsafeMutablePointer<Self>, ldb: Int
    ) -> Int
}

@inline(__always) private func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }
@inline(__always) private func lapackChar(_ c: Character) -> CChar { CChar(c.asciiValue!) }

extension Float: BLASScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, cblasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }
    public static func dot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }
    public static func potrfLower(n: Int, a: UnsafeMutablePointer<Float>, lda: Int) -> Int {
        Int(LAPACKE_spotrf(LAPACK_ROW_MAJOR, lapackChar("L"), LapackInt(n), a, LapackInt(lda)))
    }
    public static func potriLower(n: Int, a: UnsafeMutablePointer<Float>, lda: Int) -> Int {
        Int(LAPACKE_spotri(LAPACK_ROW_MAJOR, lapackChar("L"), LapackInt(n), a, LapackInt(lda)))
    }
    public static func trtrs(
        lower: Bool, transpose: Bool, n: Int, nrhs: Int,
        t: UnsafePointer<Float>, ldt: Int, b: UnsafeMutablePointer<Float>, ldb: Int
    ) -> Int {
        Int(
            LAPACKE_strtrs(
                LAPACK_ROW_MAJOR, lapackChar(lower ? "L" : "U"), lapackChar(transpose ? "T" : "N"),
                lapackChar("N"), LapackInt(n), LapackInt(nrhs), t, LapackInt(ldt), b, LapackInt(ldb)))
    }
}

extension Double: BLASScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    public static func gemv(
        transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, cblasTranspose(transpose), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(Int32(n), alpha, x, 1, y, 1)
    }
    public static func dot(n: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(Int32(n), x, 1, y, 1)
    }
    public static func potrfLower(n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Int {
        Int(LAPACKE_dpotrf(LAPACK_ROW_MAJOR, lapackChar("L"), LapackInt(n), a, LapackInt(lda)))
    }
    public static func potriLower(n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Int {
        Int(LAPACKE_dpotri(LAPACK_ROW_MAJOR, lapackChar("L"), LapackInt(n), a, LapackInt(lda)))
    }
    public static func trtrs(
        lower: Bool, transpose: Bool, n: Int, nrhs: Int,
        t: UnsafePointer<Double>, ldt: Int, b: UnsafeMutablePointer<Double>, ldb: Int
    ) -> Int {
        Int(
            LAPACKE_dtrtrs(
                LAPACK_ROW_MAJOR, lapackChar(lower ? "L" : "U"), lapackChar(transpose ? "T" : "N"),
                lapackChar("N"), LapackInt(n), LapackInt(nrhs), t, LapackInt(ldt), b, LapackInt(ldb)))
    }
}
