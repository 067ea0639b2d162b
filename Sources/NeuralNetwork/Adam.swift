import CKernels

/// Adam (Kingma and Ba, 2015) with optional decoupled weight decay (AdamW, Loshchilov and Hutter, 2019):
///
///     m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,   m^ = m / (1 - b1^t),   v^ = v / (1 - b2^t)
///     theta <- theta - lr (m^ / (sqrt(v^) + eps) + weightDecay theta)
public final class Adam {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    private let m: FloatBuffer, v: FloatBuffer
    private var step = 0

    public init(
        parameterCount: Int, learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-8, weightDecay: Float = 0
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        m = FloatBuffer(count: parameterCount)
        v = FloatBuffer(count: parameterCount)
    }

    /// One update of `parameters` from `gradients`.
    public func update(_ parameters: FloatBuffer, _ gradients: FloatBuffer) {
        let (stepSize, invSqrtC2, decay) = advance(parameters, gradients)
        satune_adam(
            parameters.pointer, gradients.pointer, m.pointer, v.pointer, m.count,
            beta1, beta2, stepSize, invSqrtC2, epsilon, decay)
    }

    /// One update of `network` from its gradients, then the soft update of `target` towards it,
    /// theta' <- tau theta + (1 - tau) theta', fused in one pass (the same result as `update` followed by
    /// `target.softUpdate(from:tau:)`).
    public func update(_ network: Network, softUpdating target: Network, tau: Float) {
        precondition(target.sizes == network.sizes, "network shapes differ")
        let (stepSize, invSqrtC2, decay) = advance(network.parameters, network.gradients)
        satune_adam_soft_update(
            network.parameters.pointer, network.gradients.pointer, m.pointer, v.pointer,
            target.parameters.pointer, m.count, beta1, beta2, stepSize, invSqrtC2, epsilon, decay, tau)
    }

    /// Counts a step; returns lr / (1 - b1^t), 1 / sqrt(1 - b2^t) and lr x weightDecay.
    private func advance(_ parameters: FloatBuffer, _ gradients: FloatBuffer) -> (Float, Float, Float) {
        precondition(parameters.count == m.count && gradients.count == m.count, "optimizer and network sizes differ")
        step += 1
        let c1 = 1 - pow(beta1, Float(step)), c2 = 1 - pow(beta2, Float(step))
        return (learningRate / c1, 1 / c2.squareRoot(), learningRate * weightDecay)
    }

    /// Forgets the moment estimates (after a reset of the network).
    public func reset() {
        m.fill(0)
        v.fill(0)
        step = 0
    }
}

private func pow(_ base: Float, _ exponent: Float) -> Float {
    var result: Float = 1
    var e = Int(exponent)
    var b = base
    while e > 0 {
        if e & 1 == 1 { result *= b }
        b *= b
        e >>= 1
    }
    return result
}
