import NeuralNetwork
import TuningKit
import XCTest

/// Finite-difference checks of the backward pass, for every activation and the loss.
final class GradientCheckTests: XCTestCase {
    /// Loss of the network on (x, target) with MSE; fills dLoss/dOutput into `gradient`.
    private func loss(_ net: Network, _ x: [Float], _ target: [Float], batch: Int, gradient: inout [Float]) -> Float {
        let out = x.withUnsafeBufferPointer { net.forward($0.baseAddress!, batch: batch) }
        return target.withUnsafeBufferPointer { t in
            gradient.withUnsafeMutableBufferPointer { g in
                Training.meanSquaredError(
                    prediction: out, target: t.baseAddress!, count: t.count, gradient: g.baseAddress!)
            }
        }
    }

    func testBackwardMatchesFiniteDifferencesForEveryActivation() {
        for activation in Activation.allCases {
            var generator = SeededGenerator(seed: 42)
            let net = Network(
                sizes: [3, 5, 4, 2], hidden: activation, output: activation == .relu ? .identity : activation,
                maxBatch: 8, finalScale: nil, generator: &generator)
            let batch = 4
            let x = (0..<(batch * 3)).map { _ in Float(generator.nextDouble(in: -1, 1)) }
            let target = (0..<(batch * 2)).map { _ in Float(generator.nextDouble(in: -1, 1)) }
            var outputGradient = [Float](repeating: 0, count: batch * 2)
            _ = loss(net, x, target, batch: batch, gradient: &outputGradient)
            net.zeroGradients()
            let inputGradient = outputGradient.withUnsafeBufferPointer {
                Array(UnsafeBufferPointer(start: net.backward($0.baseAddress!), count: batch * 3))
            }
            let analytic = net.gradients.array

            let h: Float = 1e-3  // small enough that ReLU kinks are rarely crossed, large enough for Float rounding
            var scratch = outputGradient
            for i in 0..<net.parameterCount {
                let saved = net.parameters[i]
                net.parameters[i] = saved + h
                let plus = loss(net, x, target, batch: batch, gradient: &scratch)
                net.parameters[i] = saved - h
                let minus = loss(net, x, target, batch: batch, gradient: &scratch)
                net.parameters[i] = saved
                let numeric = (plus - minus) / (2 * h)
                XCTAssertEqual(
                    analytic[i], numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(activation) parameter \(i)")
            }
            for i in 0..<x.count {
                var xp = x, xm = x
                xp[i] += h
                xm[i] -= h
                let numeric =
                    (loss(net, xp, target, batch: batch, gradient: &scratch)
                        - loss(net, xm, target, batch: batch, gradient: &scratch)) / (2 * h)
                XCTAssertEqual(
                    inputGradient[i], numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(activation) input \(i)")
            }
        }
    }

    func testWeightedMeanSquaredError() {
        let p: [Float] = [1, 2, 3], t: [Float] = [0, 2, 5], w: [Float] = [1, 1, 0.5]
        var g = [Float](repeating: 0, count: 3)
        let l = Training.meanSquaredError(prediction: p, target: t, weights: w, count: 3, gradient: &g)
        XCTAssertEqual(l, (1 + 0 + 0.5 * 4) / 3, accuracy: 1e-6)
        XCTAssertEqual(g, [2.0 / 3, 0, 2 * 0.5 * -2 / 3])
    }
}

final class PartialInputGradientTests: XCTestCase {
    /// The input gradient of a column range equals those columns of the full input gradient.
    func testInputGradientFromAColumn() {
        var generator = SeededGenerator(seed: 3)
        let net = Network(
            sizes: [6, 8, 1], hidden: .relu, output: .identity, maxBatch: 4, finalScale: nil, generator: &generator)
        let x = (0..<24).map { _ in Float(generator.nextDouble(in: -1, 1)) }
        let g: [Float] = [1, -2, 0.5, 3]
        net.forward(x, batch: 4)
        let full = Array(UnsafeBufferPointer(start: net.backward(g), count: 24))
        net.forward(x, batch: 4)
        let partial = Array(
            UnsafeBufferPointer(start: net.backward(g, parameterGradients: false, inputGradientFrom: 4), count: 24))
        for r in 0..<4 { for c in 4..<6 { XCTAssertEqual(partial[r * 6 + c], full[r * 6 + c], accuracy: 1e-6) } }
    }
}

final class PartialRowsGradientTests: XCTestCase {
    /// Parameter gradients from the first k rows of a batch equal those of a batch of just those k rows.
    func testParameterGradientsFromLeadingRows() {
        var generator = SeededGenerator(seed: 4)
        let net = Network(
            sizes: [3, 6, 2], hidden: .tanh, output: .identity, maxBatch: 6, finalScale: nil, generator: &generator)
        let x = (0..<18).map { _ in Float(generator.nextDouble(in: -1, 1)) }
        let g = (0..<12).map { _ in Float(generator.nextDouble(in: -1, 1)) }
        net.forward(x, batch: 6)
        net.backward(g, parameterGradientRows: 2, inputGradient: false)
        let fromRows = net.gradients.array
        net.forward(Array(x.prefix(6)), batch: 2)
        net.backward(Array(g.prefix(4)), inputGradient: false)
        for (a, b) in zip(fromRows, net.gradients.array) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }
}
