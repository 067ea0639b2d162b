/// A dense matrix in row-major order: element (i, j) is `elements[i * columns + j]`.
/// (Element access is `@inlinable`, so that client modules get it specialized for Float or Double.)
///
/// A column vector is a matrix with one column; plain `[T]` arrays serve as vectors in the routines.
public struct Matrix<T: BLASScalar>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The contiguous row-major storage, `rows * columns` long.
    public var elements: [T]

    /// A matrix filled with one value.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: T = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [T](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    @inlinable
    public init(rows: Int, columns: Int, elements: [T]) {
        precondition(elements.count == rows * columns, "expected \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from a list of equally long rows.
    public init(_ rowList: [[T]]) {
        let columns = rowList.first?.count ?? 0
        precondition(rowList.allSatisfy { $0.count == columns }, "rows must have equal lengths")
        self.init(rows: rowList.count, columns: columns, elements: rowList.flatMap { $0 })
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Element (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> T {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// One row as an array.
    @inlinable
    public func row(_ i: Int) -> [T] { Array(elements[i * columns..<(i + 1) * columns]) }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }
}
