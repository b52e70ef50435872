import RunPlan

/// An affine map per feature, `x' = (x − offset) × factor`, fitted on a client's training rows.
package struct FeatureScaler: Sendable, Equatable {
    /// Subtracted from each feature.
    package var offset: [Float]
    /// Multiplies each centred feature.
    package var factor: [Float]

    /// The scaler `scaling` describes, with statistics taken from `data`.
    ///
    /// A constant feature keeps factor 1 under min-max and standardisation, so it maps to 0
    /// instead of dividing by zero.
    package init(_ scaling: Scaling, fittedOn data: Dataset) {
        let d = data.featureCount
        offset = [Float](repeating: 0, count: d)
        factor = [Float](repeating: 1, count: d)
        switch scaling {
        case .none:
            break
        case .divide(let by):
            factor = [Float](repeating: Float(1 / by), count: d)
        case .affine(let scale, let shift):
            // scale × x + shift = (x − (−shift / scale)) × scale; the plan's scale is never 0.
            offset = [Float](repeating: Float(-shift / scale), count: d)
            factor = [Float](repeating: Float(scale), count: d)
        case .minmax:
            guard data.rows > 0 else { return }
            var lo = [Float](repeating: .infinity, count: d)
            var hi = [Float](repeating: -.infinity, count: d)
            for r in 0..<data.rows {
                for j in 0..<d {
                    let x = data.features[r * d + j]
                    lo[j] = min(lo[j], x)
                    hi[j] = max(hi[j], x)
                }
            }
            for j in 0..<d {
                offset[j] = lo[j]
                if hi[j] > lo[j] { factor[j] = 1 / (hi[j] - lo[j]) }
            }
        case .standardize:
            guard data.rows > 0 else { return }
            var mean = [Double](repeating: 0, count: d)
            var square = [Double](repeating: 0, count: d)
            for r in 0..<data.rows {
                for j in 0..<d {
                    let x = Double(data.features[r * d + j])
                    mean[j] += x
                    square[j] += x * x
                }
            }
            let n = Double(data.rows)
            for j in 0..<d {
                let m = mean[j] / n
                let variance = max(square[j] / n - m * m, 0)
                offset[j] = Float(m)
                if variance > 1e-12 { factor[j] = Float(1 / variance.squareRoot()) }
            }
        }
    }

    /// `data` with every feature mapped.
    package func apply(to data: Dataset) -> Dataset {
        var out = data
        let d = data.featureCount
        guard d > 0 else { return out }
        out.features.withUnsafeMutableBufferPointer { f in
            for r in 0..<data.rows {
                for j in 0..<d { f[r * d + j] = (f[r * d + j] - offset[j]) * factor[j] }
            }
        }
        return out
    }
}
