/// Local training of one client: mini-batch SGD, or DP-SGD when the configuration asks.
///
/// DP-SGD (Abadi et al. 2016) with Poisson sampling: each step draws every training row with
/// probability q, clips each drawn row's gradient to norm C, sums them, adds N(0, σ²C²) to
/// every coordinate, and divides by the *expected* batch size q·n (so the sensitivity does not
/// depend on the secret batch size). Weight decay, the model's L2 penalty and the proximal term
/// depend on no data and are added after the noise. Dropout masks come from the non-private
/// generator: they change which gradient each row contributes, never its clipped norm bound. SGD uses PyTorch's momentum form: v ← m·v + g; w ← w − lr·v.
package struct LocalTrainer: Sendable {
    /// The model trained.
    package let network: Network

    /// Creates a trainer for `network`.
    package init(network: Network) {
        self.network = network
    }

    /// Trains from `initial` on every row of `data`.
    ///
    /// - Parameters:
    ///   - shuffle: Non-private randomness (the batch order without DP).
    ///   - noise: Private randomness (Poisson sampling and Gaussian noise under DP).
    package func train(
        from initial: [Float], on data: Dataset, config: TrainingConfig, shuffle: inout SeededGenerator,
        noise: inout NoiseGenerator
    ) -> TrainingOutcome {
        precondition(initial.count == network.parameterCount && data.featureCount == network.featureCount)
        let ws = Workspace(network)
        if network.dropout > 0 { ws.dropoutMasks = SeededGenerator(seed: shuffle.next(), stream: 0xD209) }
        var w = initial
        var g = [Float](repeating: 0, count: network.parameterCount)
        var velocity = [Float](repeating: 0, count: network.parameterCount)
        var steps = 0
        var loss = 0.0
        var seen = 0
        guard data.rows > 0 else { return TrainingOutcome(weights: w, steps: 0, loss: 0) }

        if let dp = config.dp {
            let total = dp.stepsPerRound
            var batch = [Int]()
            batch.reserveCapacity(data.rows)
            for _ in 0..<total {
                RandomSampling.poissonSample(n: data.rows, q: dp.samplingRate, into: &batch, &noise)
                loss += clippedSum(w, data, batch, clip: Float(dp.clip), ws, into: &g)
                seen += batch.count
                RandomSampling.addGaussianNoise(to: &g, std: dp.noiseMultiplier * dp.clip, using: &noise)
                let expected = Float(dp.samplingRate * Double(data.rows))
                update(&w, gradient: &g, scale: 1 / expected, initial: initial, config: config, velocity: &velocity)
                steps += 1
            }
        } else {
            var order = Array(0..<data.rows)
            let size = max(1, config.batch)
            for _ in 0..<config.epochs {
                RandomSampling.shuffle(&order, &shuffle)
                var start = 0
                while start < order.count {
                    let batch = order[start..<min(start + size, order.count)]
                    loss += clippedSum(w, data, batch, clip: .infinity, ws, into: &g)
                    seen += batch.count
                    update(
                        &w, gradient: &g, scale: 1 / Float(batch.count), initial: initial, config: config,
                        velocity: &velocity)
                    steps += 1
                    start += size
                }
            }
        }
        return TrainingOutcome(weights: w, steps: steps, loss: seen > 0 ? loss / Double(seen) : 0)
    }

    /// Sets `g` to Σ over `rows` of each row's gradient clipped to norm `clip` (∞: unclipped)
    /// and returns the rows' summed loss.
    func clippedSum<C: Collection<Int>>(
        _ w: [Float], _ data: Dataset, _ rows: C, clip: Float, _ ws: Workspace, into g: inout [Float]
    ) -> Double {
        let d = network.featureCount
        var loss = 0.0
        w.withUnsafeBufferPointer { pw in
            data.features.withUnsafeBufferPointer { px in
                g.withUnsafeMutableBufferPointer { pg in
                    let p = pw.baseAddress!
                    let out = pg.baseAddress!
                    out.update(repeating: 0, count: pg.count)
                    for r in rows {
                        let x = px.baseAddress! + r * d
                        let label = Int(data.labels[r])
                        loss += Double(network.forward(p, x, label: label, ws).loss)
                        let squared = network.backward(p, x, label: label, ws)
                        var factor: Float = 1
                        if clip.isFinite {
                            let norm = squared.squareRoot()
                            if norm > clip { factor = clip / norm }
                        }
                        network.accumulate(x, ws, scale: factor, into: out)
                    }
                }
            }
        }
        return loss
    }

    /// One SGD step with `scale·g` plus weight decay and the proximal term.
    private func update(
        _ w: inout [Float], gradient g: inout [Float], scale: Float, initial: [Float], config: TrainingConfig,
        velocity: inout [Float]
    ) {
        let n = w.count
        let lr = Float(config.lr)
        let momentum = Float(config.momentum)
        let decay = Float(config.weightDecay)
        let mu = Float(config.proximalMu)
        w.withUnsafeMutableBufferPointer { pw in
            g.withUnsafeMutableBufferPointer { pg in
                velocity.withUnsafeMutableBufferPointer { pv in
                    initial.withUnsafeBufferPointer { p0 in
                        let grad = pg.baseAddress!
                        Kernels.scale(grad, scale, n)
                        if decay != 0 { Kernels.axpy(decay, pw.baseAddress!, grad, n) }
                        network.addL2(pw.baseAddress!, into: grad)
                        if mu != 0 {
                            Kernels.axpy(mu, pw.baseAddress!, grad, n)
                            Kernels.axpy(-mu, p0.baseAddress!, grad, n)
                        }
                        if momentum != 0 {
                            Kernels.scale(pv.baseAddress!, momentum, n)
                            Kernels.axpy(1, grad, pv.baseAddress!, n)
                            Kernels.axpy(-lr, pv.baseAddress!, pw.baseAddress!, n)
                        } else {
                            Kernels.axpy(-lr, grad, pw.baseAddress!, n)
                        }
                    }
                }
            }
        }
    }

    /// One row's gradient clipped to norm `clip`, through the same path DP-SGD takes.
    package func clippedExampleGradient(_ w: [Float], on data: Dataset, row: Int, clip: Double) -> [Float] {
        var g = [Float](repeating: 0, count: network.parameterCount)
        _ = clippedSum(w, data, [row], clip: Float(clip), Workspace(network), into: &g)
        return g
    }
}
