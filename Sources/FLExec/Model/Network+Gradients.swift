import Foundation

// MARK: - Kernels on raw pointers (the training loop's inner calls)

extension Network {
    /// The input of layer `l`: the example for the first layer, else the previous activations.
    @inline(__always)
    func layerInput(_ l: Int, _ x: UnsafePointer<Float>, _ ws: Workspace) -> UnsafePointer<Float> {
        l == 0 ? x : UnsafePointer(ws.activations + ws.activationOffsets[l - 1])
    }

    /// Forward pass of one example; leaves softmax probabilities in the last layer's
    /// activations and returns the cross-entropy for `label` and the predicted class.
    @inline(__always)
    func forward(
        _ p: UnsafePointer<Float>, _ x: UnsafePointer<Float>, label: Int, _ ws: Workspace
    ) -> (loss: Float, predicted: Int) {
        let last = layerCount - 1
        for l in 0...last {
            let fanIn = sizes[l]
            let fanOut = sizes[l + 1]
            let input = layerInput(l, x, ws)
            let out = ws.activations + ws.activationOffsets[l]
            let w = p + weightOffsets[l]
            let b = p + biasOffsets[l]
            for o in 0..<fanOut {
                let z = Kernels.dot(w + o * fanIn, input, fanIn) + b[o]
                out[o] = l == last || z > 0 ? z : 0
            }
            if l < last, dropout > 0, ws.dropoutMasks != nil { drop(out, fanOut, ws) }
        }
        let k = sizes[last + 1]
        let z = ws.activations + ws.activationOffsets[last]
        var maxZ = z[0]
        var predicted = 0
        for c in 1..<k where z[c] > maxZ {
            maxZ = z[c]
            predicted = c
        }
        // The label's logit is read before exponentiation: log(exp(z − max)) underflows to −∞
        // for a confidently wrong prediction, while z − max stays finite.
        let zLabel = z[label]
        var total: Float = 0
        for c in 0..<k {
            z[c] = Foundation.exp(z[c] - maxZ)
            total += z[c]
        }
        let loss = Foundation.log(total) + maxZ - zLabel
        let inv = 1 / total
        for c in 0..<k { z[c] *= inv }
        return (loss, predicted)
    }

    /// Back-propagates one example after `forward`, leaving each layer's error signal in
    /// `ws.deltas`, and returns the squared L2 norm of the example's full gradient.
    ///
    /// Each layer's weight gradient is the outer product δ ⊗ input, so its squared norm is
    /// ‖δ‖²·‖input‖² (plus ‖δ‖² for the biases): DP-SGD learns the norm it clips by without
    /// materialising the per-example gradient.
    @inline(__always)
    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Float>, label: Int, _ ws: Workspace) -> Float {
        let last = layerCount - 1
        let outDelta = ws.deltas + ws.activationOffsets[last]
        let probabilities = ws.activations + ws.activationOffsets[last]
        for c in 0..<sizes[last + 1] { outDelta[c] = probabilities[c] }
        outDelta[label] -= 1
        var squared: Float = 0
        var l = last
        while true {
            let fanIn = sizes[l]
            let fanOut = sizes[l + 1]
            let delta = UnsafePointer(ws.deltas + ws.activationOffsets[l])
            let input = layerInput(l, x, ws)
            let d2 = Kernels.squaredNorm(delta, fanOut)
            squared += d2 * (Kernels.squaredNorm(input, fanIn) + 1)
            if l == 0 { break }
            let previous = ws.deltas + ws.activationOffsets[l - 1]
            previous.update(repeating: 0, count: fanIn)
            let w = p + weightOffsets[l]
            for o in 0..<fanOut where delta[o] != 0 {
                Kernels.axpy(delta[o], w + o * fanIn, previous, fanIn)
            }
            // ReLU: no gradient flows through units that were off (or dropped); kept units were
            // scaled by 1/(1 − dropout) in the forward pass, and so is their gradient.
            for i in 0..<fanIn where input[i] <= 0 { previous[i] = 0 }
            if dropout > 0, ws.dropoutMasks != nil {
                let keep = 1 / (1 - dropout)
                for i in 0..<fanIn where input[i] > 0 { previous[i] *= keep }
            }
            l -= 1
        }
        return squared
    }

    /// Inverted dropout of one hidden layer's activations: each unit is zeroed with probability
    /// `dropout`, the others scaled by 1/(1 − dropout).
    @inline(__always)
    func drop(_ out: UnsafeMutablePointer<Float>, _ count: Int, _ ws: Workspace) {
        let keep = 1 / (1 - dropout)
        let threshold = Double(dropout)
        for o in 0..<count {
            if RandomSampling.uniform(&ws.dropoutMasks!) < threshold { out[o] = 0 } else { out[o] *= keep }
        }
    }

    /// Adds `l2 · w` to `g` for every weight (not the biases): the gradient of the L2 penalty.
    func addL2(_ w: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>) {
        guard l2 != 0 else { return }
        for l in 0..<layerCount {
            Kernels.axpy(l2, w + weightOffsets[l], g + weightOffsets[l], biasOffsets[l] - weightOffsets[l])
        }
    }

    /// Adds `scale` × the gradient left by `backward` to `g`.
    @inline(__always)
    func accumulate(_ x: UnsafePointer<Float>, _ ws: Workspace, scale: Float, into g: UnsafeMutablePointer<Float>) {
        for l in 0..<layerCount {
            let fanIn = sizes[l]
            let fanOut = sizes[l + 1]
            let delta = ws.deltas + ws.activationOffsets[l]
            let input = layerInput(l, x, ws)
            let gw = g + weightOffsets[l]
            let gb = g + biasOffsets[l]
            for o in 0..<fanOut {
                let d = scale * delta[o]
                if d != 0 { Kernels.axpy(d, input, gw + o * fanIn, fanIn) }
                gb[o] += d
            }
        }
    }
}

// MARK: - Array-level API (evaluation, tests, benchmarks)

extension Network {
    /// Mean loss and accuracy of `parameters` on every row of `data`.
    package func evaluate(_ parameters: [Float], on data: Dataset) -> EvaluationResult {
        guard data.rows > 0 else { return EvaluationResult(loss: 0, accuracy: 0, rows: 0) }
        let s = statistics(parameters, on: data)
        return EvaluationResult(loss: s.lossSum / s.rows, accuracy: s.correct / s.rows, rows: data.rows)
    }

    /// The correct count, the loss sum (each row's loss clipped to `lossBound`, if given) and the
    /// rows of `parameters` on every row of `data`.
    package func statistics(_ parameters: [Float], on data: Dataset, lossBound: Double? = nil) -> EvaluationStatistics {
        precondition(parameters.count == parameterCount && data.featureCount == featureCount)
        let ws = Workspace(self)
        var loss = 0.0
        var correct = 0
        parameters.withUnsafeBufferPointer { pp in
            data.features.withUnsafeBufferPointer { px in
                for r in 0..<data.rows {
                    let label = Int(data.labels[r])
                    let (l, predicted) = forward(pp.baseAddress!, px.baseAddress! + r * featureCount, label: label, ws)
                    // Clipped into [0, bound]; a NaN loss (a diverged model) counts as the bound.
                    loss += lossBound.map { b in Double(l).isNaN ? b : min(max(Double(l), 0), b) } ?? Double(l)
                    if predicted == label { correct += 1 }
                }
            }
        }
        return EvaluationStatistics(correct: Double(correct), lossSum: loss, rows: Double(data.rows))
    }

    /// The gradient of one row's loss.
    package func exampleGradient(_ parameters: [Float], on data: Dataset, row: Int) -> [Float] {
        meanGradient(parameters, on: data, rows: [row]).gradient
    }

    /// The mean gradient and mean loss over `rows`.
    package func meanGradient(_ parameters: [Float], on data: Dataset, rows: [Int]) -> (gradient: [Float], loss: Double)
    {
        let ws = Workspace(self)
        var g = [Float](repeating: 0, count: parameterCount)
        var loss = 0.0
        let scale = 1 / Float(max(rows.count, 1))
        parameters.withUnsafeBufferPointer { pp in
            data.features.withUnsafeBufferPointer { px in
                g.withUnsafeMutableBufferPointer { pg in
                    for r in rows {
                        let x = px.baseAddress! + r * featureCount
                        let label = Int(data.labels[r])
                        loss += Double(forward(pp.baseAddress!, x, label: label, ws).loss)
                        _ = backward(pp.baseAddress!, x, label: label, ws)
                        accumulate(x, ws, scale: scale, into: pg.baseAddress!)
                    }
                }
            }
        }
        return (g, loss / Double(max(rows.count, 1)))
    }
}
