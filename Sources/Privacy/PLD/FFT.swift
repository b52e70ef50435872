import Foundation

/// An in-place iterative radix-2 complex FFT, for convolving privacy-loss distributions.
struct FFT {
    /// The transform length, a power of two.
    let count: Int
    private let cosines: [Double]
    private let sines: [Double]

    /// Prepares a transform of length `count` (a power of two).
    init(count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "FFT length must be a power of two")
        self.count = count
        let half = max(1, count / 2)
        cosines = (0..<half).map { cos(2 * Double.pi * Double($0) / Double(count)) }
        sines = (0..<half).map { sin(2 * Double.pi * Double($0) / Double(count)) }
    }

    /// Transforms (`re`, `im`) in place; `inverse` uses e^{+i…} and divides by the length.
    func transform(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = count
        precondition(re.count == n && im.count == n)
        var j = 0
        for i in 1..<max(n, 1) {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        let sign = inverse ? 1.0 : -1.0
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { m in
                cosines.withUnsafeBufferPointer { cs in
                    sines.withUnsafeBufferPointer { sn in
                        var len = 2
                        while len <= n {
                            let step = n / len
                            let halfLen = len / 2
                            var start = 0
                            while start < n {
                                for k in 0..<halfLen {
                                    let wr = cs[k * step], wi = sign * sn[k * step]
                                    let a = start + k, b = a + halfLen
                                    let tr = r[b] * wr - m[b] * wi
                                    let ti = r[b] * wi + m[b] * wr
                                    r[b] = r[a] - tr
                                    m[b] = m[a] - ti
                                    r[a] += tr
                                    m[a] += ti
                                }
                                start += len
                            }
                            len <<= 1
                        }
                    }
                }
                if inverse {
                    let s = 1 / Double(n)
                    for i in 0..<n {
                        r[i] *= s
                        m[i] *= s
                    }
                }
            }
        }
    }
}
