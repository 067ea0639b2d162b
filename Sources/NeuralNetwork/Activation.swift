import CKernels
import Foundation

/// An elementwise activation. Its derivative is computed from the activation's output A, so layers keep
/// only their outputs: ReLU' = [A > 0], LeakyReLU' = A > 0 ? 1 : slope, tanh' = 1 - A^2, sigmoid' = A (1 - A).
public enum Activation: String, Sendable, Codable, CaseIterable {
    case identity, relu, leakyRelu, tanh, sigmoid

    /// Slope of LeakyReLU for negative inputs.
    public static let leakySlope: Float = 0.01

    /// Applies the activation in place to n values.
    func apply(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
        switch self {
        case .identity: return
        case .relu: satune_relu(x, n)
        case .leakyRelu: satune_leaky_relu(x, n, Activation.leakySlope)
        case .tanh: for i in 0..<n { x[i] = Foundation.tanh(x[i]) }
        case .sigmoid: for i in 0..<n { x[i] = 1 / (1 + Foundation.exp(-x[i])) }
        }
    }

    /// Multiplies a gradient in place by the derivative, given the activation's outputs `a`.
    func backward(_ gradient: UnsafeMutablePointer<Float>, outputs a: UnsafePointer<Float>, _ n: Int) {
        switch self {
        case .identity: return
        case .relu: satune_relu_backward(gradient, a, n)
        case .leakyRelu: satune_leaky_relu_backward(gradient, a, n, Activation.leakySlope)
        case .tanh: for i in 0..<n { gradient[i] *= 1 - a[i] * a[i] }
        case .sigmoid: for i in 0..<n { gradient[i] *= a[i] * (1 - a[i]) }
        }
    }
}
