/// A fixed-size block of Floats owned by a network, optimizer or replay buffer.
///
/// Training loops read and write through `pointer` without bounds checks, copy-on-write or
/// allocation; the block is zeroed at creation and freed with its owner.
public final class FloatBuffer {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    public subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Copies all elements from a buffer of the same size.
    public func copy(from other: FloatBuffer) {
        precondition(other.count == count, "buffer sizes differ")
        pointer.update(from: other.pointer, count: count)
    }

    /// The elements as an array (allocates; not for inner loops).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// True when every element is finite.
    public var allFinite: Bool {
        var sum: Float = 0
        for i in 0..<count { sum += pointer[i] * 0 }  // NaN or infinity anywhere makes the sum NaN
        return sum == 0
    }
}
