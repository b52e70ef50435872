import Dispatch
import Foundation

/// Runs independent pieces of work on every core and collects their results in order.
///
/// The back ends' output for a large deployment is tens of megabytes of YAML and JSON made of
/// independent documents; building and encoding them on both cores of a small machine halves the
/// wall time. Each piece must touch only its own data; results come back in index order, so the
/// output does not depend on scheduling.
enum Parallel {
    /// `body(0) … body(count - 1)`, computed concurrently, in index order.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 { return (0..<count).map(body) }
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
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
