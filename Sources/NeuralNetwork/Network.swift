import CBLAS
import TuningKit

/// A multilayer perceptron of dense layers, y = f_L(... f_1(x W_1 + b_1) ... W_L + b_L), computed for a
/// whole batch at once with BLAS sgemm (rows are samples, row-major).
///
/// All weights and biases live in one flat `parameters` buffer (layer by layer: W_l, in x out, then b_l),
/// with `gradients` in the same layout, so optimizers, clipping and soft updates are single loops. Every
/// buffer a pass needs is allocated at creation for up to `maxBatch` rows: training allocates nothing.
public final class Network {
    /// Layer widths, input first: [in, hidden..., out].
    public let sizes: [Int]
    /// One activation per layer (sizes.count - 1 of them).
    public let activations: [Activation]
    public let maxBatch: Int
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    private let input: FloatBuffer
    private let outputs: [FloatBuffer]
    private let deltas: [FloatBuffer]
    private let inputGradient: FloatBuffer
    private let ones: FloatBuffer
    private var batch = 0

    public var inputSize: Int { sizes[0] }
    public var outputSize: Int { sizes[sizes.count - 1] }
    public var parameterCount: Int { parameters.count }

    /// A network with `hidden` activations on every layer but the last, which uses `output`.
    /// Initialization: PyTorch's default for dense layers, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and
    /// biases; the last layer U(-finalScale, finalScale) (3e-3 in DDPG, Lillicrap et al. 2016, section 7).
    public convenience init(
        sizes: [Int], hidden: Activation, output: Activation, maxBatch: Int, finalScale: Float? = 3e-3,
        generator: inout SeededGenerator
    ) {
        self.init(
            sizes: sizes, activations: Array(repeating: hidden, count: sizes.count - 2) + [output], maxBatch: maxBatch)
        initialize(finalScale: finalScale, generator: &generator)
    }

    /// A network with all parameters zero (see `initialize` and `load`).
    public init(sizes: [Int], activations: [Activation], maxBatch: Int) {
        precondition(sizes.count >= 2 && activations.count == sizes.count - 1, "need one activation per layer")
        self.sizes = sizes
        self.activations = activations
        self.maxBatch = maxBatch
        var offset = 0
        var weights: [Int] = [], biases: [Int] = []
        for l in 0..<(sizes.count - 1) {
            weights.append(offset)
            offset += sizes[l] * sizes[l + 1]
            biases.append(offset)
            offset += sizes[l + 1]
        }
        weightOffsets = weights
        biasOffsets = biases
        parameters = FloatBuffer(count: offset)
        gradients = FloatBuffer(count: offset)
        input = FloatBuffer(count: maxBatch * sizes[0])
        outputs = sizes.dropFirst().map { FloatBuffer(count: maxBatch * $0) }
        deltas = sizes.dropFirst().map { FloatBuffer(count: maxBatch * $0) }
        inputGradient = FloatBuffer(count: maxBatch * sizes[0])
        ones = FloatBuffer(count: maxBatch)
        ones.fill(1)
    }

    /// Draws all parameters anew (see the convenience initializer).
    public func initialize(finalScale: Float?, generator: inout SeededGenerator) {
        for l in 0..<(sizes.count - 1) {
            var bound = 1 / Float(sizes[l]).squareRoot()
            if l == sizes.count - 2, let finalScale { bound = finalScale }
            let count = sizes[l] * sizes[l + 1] + sizes[l + 1]
            for i in 0..<count { parameters[weightOffsets[l] + i] = Float(generator.nextDouble(in: -1, 1)) * bound }
        }
    }

    // MARK: Passes

    /// Forward pass for `batch` rows of `inputSize` values; returns the `batch x outputSize` outputs, valid
    /// until the next forward pass. The inputs are copied, so the caller's buffer may change afterwards.
    @discardableResult
    public func forward(_ x: UnsafePointer<Float>, batch: Int) -> UnsafeMutablePointer<Float> {
        precondition(batch >= 1 && batch <= maxBatch, "batch \(batch) is outside 1...\(maxBatch)")
        self.batch = batch
        input.pointer.update(from: x, count: batch * sizes[0])
        var layerInput = UnsafePointer(input.pointer)
        for l in 0..<(sizes.count - 1) {
            let (n, m) = (sizes[l], sizes[l + 1])
            let out = outputs[l].pointer
            let bias = parameters.pointer + biasOffsets[l]
            for r in 0..<batch { (out + r * m).update(from: bias, count: m) }
            if batch == 1 {  // y = W^T x + b: a matrix-vector product is cheaper than sgemm for one row
                cblas_sgemv(
                    CblasRowMajor, CblasTrans, Int32(n), Int32(m), 1, parameters.pointer + weightOffsets[l], Int32(m),
                    layerInput, 1, 1, out, 1)
            } else {
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(batch), Int32(m), Int32(n),
                    1, layerInput, Int32(n), parameters.pointer + weightOffsets[l], Int32(m), 1, out, Int32(m))
            }
            activations[l].apply(out, batch * m)
            layerInput = UnsafePointer(out)
        }
        return outputs[outputs.count - 1].pointer
    }

    /// Backward pass from dLoss/dOutput of the last forward pass (`batch x outputSize`). Writes the parameter
    /// gradients into `gradients` when `parameterGradients` is set (replacing them; with `accumulate`, adding
    /// to them), from the first `parameterGradientRows` rows only when given (the other rows then only carry
    /// input gradients); returns dLoss/dInput (`batch x inputSize`, row-major), valid until the next backward
    /// pass, computed only when `inputGradient` is set and only for the input columns from `inputGradientFrom`
    /// on (a critic's action inputs, say): each costs part of one more matrix product.
    @discardableResult
    public func backward(
        _ outputGradient: UnsafePointer<Float>, parameterGradients: Bool = true, parameterGradientRows: Int? = nil,
        accumulate: Bool = false, inputGradient wantInput: Bool = true, inputGradientFrom first: Int = 0
    ) -> UnsafeMutablePointer<Float> {
        let beta: Float = accumulate ? 1 : 0
        let gradientRows = min(parameterGradientRows ?? batch, batch)
        let last = sizes.count - 2
        deltas[last].pointer.update(from: outputGradient, count: batch * sizes[last + 1])
        for l in stride(from: last, through: 0, by: -1) {
            let (n, m) = (sizes[l], sizes[l + 1])
            let delta = deltas[l].pointer
            activations[l].backward(delta, outputs: outputs[l].pointer, batch * m)  // dZ = dA * f'(A)
            let layerInput = l == 0 ? UnsafePointer(input.pointer) : UnsafePointer(outputs[l - 1].pointer)
            if parameterGradients {
                // dW (+)= X^T dZ (n x m); db (+)= 1^T dZ.
                cblas_sgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(m), Int32(gradientRows),
                    1, layerInput, Int32(n), delta, Int32(m), beta, gradients.pointer + weightOffsets[l], Int32(m))
                cblas_sgemv(
                    CblasRowMajor, CblasTrans, Int32(gradientRows), Int32(m), 1, delta, Int32(m), ones.pointer, 1,
                    beta, gradients.pointer + biasOffsets[l], 1)
            }
            // dX = dZ W^T (batch x n): the previous layer's delta, or the input gradient.
            if l == 0 && !wantInput { break }
            let from = l == 0 ? first : 0  // rows of W from `from` on are the weights of those inputs
            let target = (l == 0 ? inputGradient.pointer : deltas[l - 1].pointer) + from
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(batch), Int32(n - from), Int32(m),
                1, delta, Int32(m), parameters.pointer + weightOffsets[l] + from * m, Int32(m), 0, target, Int32(n))
        }
        return inputGradient.pointer
    }

    /// Sets all parameter gradients to zero (before accumulating several backward passes).
    public func zeroGradients() { gradients.fill(0) }

    /// The outputs for one input (allocates the result; for inner loops use `forward`).
    public func predict(_ x: [Float]) -> [Float] {
        precondition(x.count == inputSize, "expected \(inputSize) inputs, got \(x.count)")
        let out = x.withUnsafeBufferPointer { forward($0.baseAddress!, batch: 1) }
        return Array(UnsafeBufferPointer(start: out, count: outputSize))
    }

    // MARK: Parameters

    /// Copies the parameters of a network of the same shape (e.g. to create a target network).
    public func copyParameters(from other: Network) {
        precondition(other.sizes == sizes, "network shapes differ")
        parameters.copy(from: other.parameters)
    }

    /// Polyak averaging toward `source`: theta' <- tau theta + (1 - tau) theta' (DDPG's soft target update).
    public func softUpdate(from source: Network, tau: Float) {
        precondition(source.sizes == sizes, "network shapes differ")
        cblas_saxpby(Int32(parameters.count), tau, source.parameters.pointer, 1, 1 - tau, parameters.pointer, 1)
    }

    /// A network of the same shape and parameters.
    public func copy() -> Network {
        let clone = Network(sizes: sizes, activations: activations, maxBatch: maxBatch)
        clone.copyParameters(from: self)
        return clone
    }
}
