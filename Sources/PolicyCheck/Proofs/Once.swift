import Foundation

/// A value computed once, on first use, by whichever thread asks first; the others wait for it.
final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    private let compute: @Sendable () -> T

    init(_ compute: @escaping @Sendable () -> T) { self.compute = compute }

    /// A value already computed.
    init(value: T) {
        self.value = value
        self.compute = { value }
    }

    /// The value, computing it on first use.
    func get() -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = compute()
        value = v
        return v
    }
}
