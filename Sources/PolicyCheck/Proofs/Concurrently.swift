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

    /// `a()` and `b()`, computed concurrently.
    static func both<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        let r = map(2) { i -> Either<A, B> in i == 0 ? .left(a()) : .right(b()) }
        guard case .left(let x) = r[0], case .right(let y) = r[1] else { fatalError("unreachable") }
        return (x, y)
    }

    private enum Either<A: Sendable, B: Sendable>: Sendable {
        case left(A)
        case right(B)
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
