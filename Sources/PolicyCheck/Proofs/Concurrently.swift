import Dispatch
import Foundation

/// Runs the independent parts of the pass (the checks, the model's readers) on every core.
///
/// Each piece reads shared immutable values and returns its own result; results come back in
/// index order, whatever order the pieces ran in, so reports do not depend on scheduling.
enum Concurrently {
    /// `body(0) … body(count - 1)` in index order, computed concurrently. `first` lists indexes
    /// to start first (the longest pieces, so that the cores finish together); the others
    /// follow in order.
    static func map<T: Sendable>(_ count: Int, first: [Int] = [], _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 || ProcessInfo.processInfo.activeProcessorCount < 2 { return (0..<count).map(body) }
        var order = first.filter { (0..<count).contains($0) }
        order += (0..<count).filter { !order.contains($0) }
        let slots = Slots<T>(count)
        let schedule = order
        DispatchQueue.concurrentPerform(iterations: count) { k in
            let i = schedule[k]
            slots.set(i, body(i))
        }
        return slots.values()
    }

    /// A value computed on another thread while the caller goes on; `wait()` returns it.
    final class Background<T: Sendable>: @unchecked Sendable {
        private var value: T?
        private let done = DispatchSemaphore(value: 0)

        /// Starts computing `body()`.
        init(_ body: @escaping @Sendable () -> T) {
            DispatchQueue.global(qos: .userInitiated).async {
                self.value = body()
                self.done.signal()
            }
        }

        /// The value, once computed.
        func wait() -> T {
            done.wait()
            return value!
        }
    }

    /// Result storage shared by the workers; every slot is written once, under a lock.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private var storage: [T?]
        private let lock = NSLock()

        init(_ count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ i: Int, _ value: T) {
            lock.lock()
            storage[i] = value
            lock.unlock()
        }

        func values() -> [T] {
            lock.lock()
            defer { lock.unlock() }
            return storage.map { $0! }
        }
    }
}

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
