/// Dense vector kernels on contiguous `Float` buffers, eight lanes at a time.
///
/// Callers pass raw pointers obtained once per batch with `withUnsafe…BufferPointer`, so the
/// inner loops neither allocate nor check bounds.
package enum Kernels {
    /// Σ a[i]·b[i] over `n` elements.
    @inline(__always)
    package static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>()
        var acc1 = SIMD8<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while i + 16 <= n {
            acc0 +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 +=
                ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        if i + 8 <= n {
            acc0 +=
                ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var s = (acc0 + acc1).sum()
        while i < n {
            s += a[i] * b[i]
            i += 1
        }
        return s
    }

    /// y[i] += alpha·x[i] over `n` elements.
    @inline(__always)
    package static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let rx = UnsafeRawPointer(x)
        let ry = UnsafeMutableRawPointer(y)
        let va = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= n {
            let v =
                ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + va * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            y[i] += alpha * x[i]
            i += 1
        }
    }

    /// x[i] *= alpha over `n` elements.
    @inline(__always)
    package static func scale(_ x: UnsafeMutablePointer<Float>, _ alpha: Float, _ n: Int) {
        let rx = UnsafeMutableRawPointer(x)
        let va = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= n {
            rx.storeBytes(
                of: va * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), toByteOffset: i * 4,
                as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            x[i] *= alpha
            i += 1
        }
    }

    /// Σ x[i]² over `n` elements.
    @inline(__always)
    package static func squaredNorm(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        dot(x, x, n)
    }
}
