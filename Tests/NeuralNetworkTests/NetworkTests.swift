import Foundation
import NeuralNetwork
import TuningKit
import XCTest

final class NetworkTests: XCTestCase {
    /// An MLP learns sin on [0, 2 pi] to a mean squared error below 2e-3 (the function's variance is 0.5).
    func testFitsSine() {
        var generator = SeededGenerator(seed: 1)
        let net = Network(
            sizes: [1, 32, 32, 1], hidden: .tanh, output: .identity, maxBatch: 64, finalScale: nil,
            generator: &generator)
        let adam = Adam(parameterCount: net.parameterCount, learningRate: 5e-3)
        var x = [Float](repeating: 0, count: 64), y = [Float](repeating: 0, count: 64),
            g = [Float](repeating: 0, count: 64)
        for _ in 0..<3000 {
            for i in 0..<64 {
                let u = generator.nextDouble() * 2 * Double.pi
                x[i] = Float(u / Double.pi - 1)  // inputs scaled to [-1, 1]
                y[i] = Float(sin(u))
            }
            let out = net.forward(x, batch: 64)
            Training.meanSquaredError(prediction: out, target: y, count: 64, gradient: &g)
            net.zeroGradients()
            net.backward(g)
            adam.update(net.parameters, net.gradients)
        }
        var error: Double = 0
        for i in 0..<200 {
            let u = Double(i) / 200 * 2 * Double.pi
            let d = Double(net.predict([Float(u / Double.pi - 1)])[0]) - sin(u)
            error += d * d / 200
        }
        XCTAssertLessThan(error, 2e-3)
    }

    func testSoftUpdateCopyAndStorage() throws {
        var generator = SeededGenerator(seed: 2)
        let a = Network(sizes: [4, 8, 2], hidden: .relu, output: .sigmoid, maxBatch: 4, generator: &generator)
        let b = Network(sizes: [4, 8, 2], hidden: .relu, output: .sigmoid, maxBatch: 4, generator: &generator)
        let before = b.parameters.array, source = a.parameters.array
        b.softUpdate(from: a, tau: 0.25)
        for i in 0..<before.count {
            XCTAssertEqual(b.parameters[i], 0.75 * before[i] + 0.25 * source[i], accuracy: 1e-6)
        }
        let c = a.copy()
        XCTAssertEqual(c.parameters.array, a.parameters.array)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("net-\(UUID().uuidString).weights")
        defer { try? FileManager.default.removeItem(at: url) }
        try a.save(to: url)
        let loaded = try Network.load(from: url, maxBatch: 4)
        XCTAssertEqual(loaded.sizes, a.sizes)
        XCTAssertEqual(loaded.activations, a.activations)
        XCTAssertEqual(loaded.predict([1, 2, 3, 4]), a.predict([1, 2, 3, 4]))
        try Data("nonsense".utf8).write(to: url)
        XCTAssertThrowsError(try Network.load(from: url, maxBatch: 4))
    }

    func testClipNormAndAdam() {
        let g = FloatBuffer(count: 2)
        g[0] = 3
        g[1] = 4
        XCTAssertEqual(Training.clipNorm(g, maxNorm: 1), 5)
        XCTAssertEqual(g[0], 0.6, accuracy: 1e-6)
        XCTAssertEqual(g[1], 0.8, accuracy: 1e-6)
        // Adam minimizes (p - 3)^2 from 0; the first step moves by about the learning rate.
        let p = FloatBuffer(count: 1)
        let adam = Adam(parameterCount: 1, learningRate: 0.1)
        for step in 0..<300 {
            g[0] = 2 * (p[0] - 3)
            let grad = FloatBuffer(count: 1)
            grad[0] = g[0]
            adam.update(p, grad)
            if step == 0 { XCTAssertEqual(p[0], 0.1, accuracy: 1e-4) }
        }
        XCTAssertEqual(p[0], 3, accuracy: 0.05)
        // Decoupled weight decay shrinks parameters without gradient.
        let q = FloatBuffer(count: 1), zero = FloatBuffer(count: 1)
        q[0] = 1
        let decaying = Adam(parameterCount: 1, learningRate: 0.1, weightDecay: 0.5)
        decaying.update(q, zero)
        XCTAssertEqual(q[0], 0.95, accuracy: 1e-6)
        XCTAssertTrue(q.allFinite)
        q[0] = .nan
        XCTAssertFalse(q.allFinite)
    }
}

final class FusedUpdateTests: XCTestCase {
    /// Adam fused with the soft target update equals Adam followed by softUpdate.
    func testFusedAdamAndSoftUpdateMatchTheTwoSteps() {
        var generator = SeededGenerator(seed: 9)
        let a = Network(sizes: [5, 7, 3], hidden: .relu, output: .identity, maxBatch: 2, generator: &generator)
        let b = a.copy(), targetA = a.copy(), targetB = a.copy()
        for i in 0..<targetA.parameterCount {
            targetA.parameters[i] += 0.1
            targetB.parameters[i] += 0.1
        }
        for i in 0..<a.parameterCount {
            let g = Float(generator.nextDouble(in: -1, 1))
            a.gradients[i] = g
            b.gradients[i] = g
        }
        let adamA = Adam(parameterCount: a.parameterCount, learningRate: 0.01, weightDecay: 0.1)
        let adamB = Adam(parameterCount: b.parameterCount, learningRate: 0.01, weightDecay: 0.1)
        adamA.update(a.parameters, a.gradients)
        targetA.softUpdate(from: a, tau: 0.05)
        adamB.update(b, softUpdating: targetB, tau: 0.05)
        for i in 0..<a.parameterCount {
            XCTAssertEqual(a.parameters[i], b.parameters[i], accuracy: 1e-6)
            XCTAssertEqual(targetA.parameters[i], targetB.parameters[i], accuracy: 1e-6)
        }
    }
}
