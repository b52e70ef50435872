import Foundation
import Testing

@testable import FLExec

@Suite struct GradientTests {
    static let architectures: [[Int]] = [[], [7], [6, 5], [6, 5, 4, 3]]

    /// Mean loss in double precision.
    private func loss(_ net: Network, _ p: [Float], _ data: Dataset) -> Double {
        net.evaluate(p, on: data).loss
    }

    @Test(arguments: architectures)
    func backpropagationMatchesCentralDifferences(hidden: [Int]) {
        let data = randomDataset(rows: 6, features: 5, classes: 3, seed: 11)
        let net = Network(features: 5, hidden: hidden, classes: 3)
        let p = randomParameters(net, seed: 3)
        let (g, _) = net.meanGradient(p, on: data, rows: Array(0..<data.rows))
        let h: Float = 1e-2
        var worst = 0.0
        for i in 0..<net.parameterCount {
            var plus = p
            var minus = p
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(net, plus, data) - loss(net, minus, data)) / Double(plus[i] - minus[i])
            let error = abs(numeric - Double(g[i])) / max(1e-2, abs(numeric) + abs(Double(g[i])))
            worst = max(worst, error)
        }
        #expect(worst < 2e-2, "largest relative error \(worst)")
    }

    @Test(arguments: architectures)
    func meanGradientIsTheMeanOfPerExampleGradients(hidden: [Int]) {
        let data = randomDataset(rows: 5, features: 4, classes: 3, seed: 2)
        let net = Network(features: 4, hidden: hidden, classes: 3)
        let p = randomParameters(net, seed: 8)
        let mean = net.meanGradient(p, on: data, rows: Array(0..<5)).gradient
        var sum = [Float](repeating: 0, count: net.parameterCount)
        for r in 0..<5 {
            let g = net.exampleGradient(p, on: data, row: r)
            for i in sum.indices { sum[i] += g[i] / 5 }
        }
        #expect(maxAbsDifference(mean, sum) < 1e-5)
    }

    @Test(arguments: architectures)
    func backwardReportsTheExactPerExampleNorm(hidden: [Int]) {
        let data = randomDataset(rows: 4, features: 9, classes: 4, seed: 5)
        let net = Network(features: 9, hidden: hidden, classes: 4)
        let p = randomParameters(net, seed: 6)
        let ws = Workspace(net)
        for r in 0..<4 {
            let g = net.exampleGradient(p, on: data, row: r)
            let squared = p.withUnsafeBufferPointer { pp in
                data.features.withUnsafeBufferPointer { px in
                    let x = px.baseAddress! + r * 9
                    _ = net.forward(pp.baseAddress!, x, label: Int(data.labels[r]), ws)
                    return net.backward(pp.baseAddress!, x, label: Int(data.labels[r]), ws)
                }
            }
            #expect(abs(Double(squared).squareRoot() - l2(g)) < 1e-4 * max(1, l2(g)))
        }
    }

    /// Loss and gradient of one row with the dropout mask drawn from a fixed seed, so that the
    /// same units are dropped on every call.
    private func masked(_ net: Network, _ p: [Float], _ data: Dataset, backward: Bool) -> (Double, [Float], Float) {
        let ws = Workspace(net)
        ws.dropoutMasks = SeededGenerator(seed: 42)
        var g = [Float](repeating: 0, count: net.parameterCount)
        var loss = 0.0
        var squared: Float = 0
        let label = Int(data.labels[0])
        p.withUnsafeBufferPointer { pp in
            data.features.withUnsafeBufferPointer { px in
                g.withUnsafeMutableBufferPointer { pg in
                    loss = Double(net.forward(pp.baseAddress!, px.baseAddress!, label: label, ws).loss)
                    guard backward else { return }
                    squared = net.backward(pp.baseAddress!, px.baseAddress!, label: label, ws)
                    net.accumulate(px.baseAddress!, ws, scale: 1, into: pg.baseAddress!)
                }
            }
        }
        return (loss, g, squared)
    }

    @Test func dropoutGradientMatchesCentralDifferencesUnderOneMask() {
        let data = randomDataset(rows: 1, features: 5, classes: 3, seed: 11)
        var net = Network(features: 5, hidden: [8, 7], classes: 3)
        net.dropout = 0.4
        let p = randomParameters(net, seed: 3)
        let (_, g, squared) = masked(net, p, data, backward: true)
        let h: Float = 1e-2
        var worst = 0.0
        for i in 0..<net.parameterCount {
            var plus = p
            var minus = p
            plus[i] += h
            minus[i] -= h
            let numeric =
                (masked(net, plus, data, backward: false).0 - masked(net, minus, data, backward: false).0)
                / Double(plus[i] - minus[i])
            worst = max(worst, abs(numeric - Double(g[i])) / max(1e-2, abs(numeric) + abs(Double(g[i]))))
        }
        #expect(worst < 2e-2, "largest relative error \(worst)")
        // DP-SGD clips by the norm backward reports: it must be the masked gradient's.
        #expect(abs(Double(squared).squareRoot() - l2(g)) < 1e-4 * max(1, l2(g)))
        // Some units were dropped: the gradient differs from the unmasked one.
        var plain = net
        plain.dropout = 0
        #expect(maxAbsDifference(g, plain.exampleGradient(p, on: data, row: 0)) > 1e-3)
    }

    @Test func l2PenaltyAddsToWeightsOnly() {
        var net = Network(features: 3, hidden: [2], classes: 2)
        net.l2 = 0.5
        let w = (0..<net.parameterCount).map { Float($0 + 1) }
        var g = [Float](repeating: 0, count: net.parameterCount)
        w.withUnsafeBufferPointer { pw in
            g.withUnsafeMutableBufferPointer { net.addL2(pw.baseAddress!, into: $0.baseAddress!) }
        }
        for l in 0..<net.layerCount {
            for i in net.weightOffsets[l]..<net.biasOffsets[l] { #expect(g[i] == 0.5 * w[i]) }
            let end = l + 1 < net.layerCount ? net.weightOffsets[l + 1] : net.parameterCount
            for i in net.biasOffsets[l]..<end { #expect(g[i] == 0) }
        }
    }

    @Test func kernelsMatchScalarLoops() {
        var g = SeededGenerator(seed: 1)
        for n in [0, 1, 7, 8, 9, 16, 17, 33, 100] {
            let a = (0..<n).map { _ in Float(RandomSampling.normal(&g)) }
            var b = (0..<n).map { _ in Float(RandomSampling.normal(&g)) }
            let expected = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let dot = a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { Kernels.dot(pa.baseAddress!, $0.baseAddress!, n) }
            }
            #expect(abs(Double(dot) - expected) < 1e-4)
            let axpy = zip(a, b).map { 0.5 * $0 + $1 }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeMutableBufferPointer { Kernels.axpy(0.5, pa.baseAddress!, $0.baseAddress!, n) }
            }
            #expect(b == axpy)
        }
    }

    @Test func parameterLayoutAndInitialisation() {
        let lr = Network(features: 64, classes: 10)
        #expect(lr.parameterCount == 650)
        #expect(lr.initialParameters(seed: 1).allSatisfy { $0 == 0 })
        let mlp = Network(features: 64, hidden: [32, 16], classes: 10)
        #expect(mlp.parameterCount == 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
        #expect(mlp.initialParameters(seed: 1) == mlp.initialParameters(seed: 1))
        #expect(mlp.initialParameters(seed: 1) != mlp.initialParameters(seed: 2))
    }
}

@Suite struct LossTests {
    @Test func lossStaysFiniteForConfidentlyWrongPredictions() {
        let net = Network(features: 1, classes: 2)
        // Logits (0, 200) for label 0: loss = 200, though exp(−200) underflows in Float.
        let p: [Float] = [0, 1, 0, 0]
        let data = Dataset(featureNames: ["x"], features: [200], labels: [0])
        let r = net.evaluate(p, on: data)
        #expect(abs(r.loss - 200) < 1e-3)
        #expect(r.accuracy == 0)
    }
}
