import Dispatch
import Foundation

/// Runs independent pieces of work on every core and collects their results in index order.
///
/// The back ends build tens of thousands of independent objects, and the policy pass runs
/// independent checks; both use this. Each piece reads shared immutable values and returns its
/// own result; results come back in index order, whatever order the pieces ran in, so output and
/// reports do not depend on scheduling.
package enum Concurrently {
    /// `body(0) … body(count - 1)` in index order, computed concurrently. `first` lists indexes
    /// to start first (the longest pieces, so that the cores finish together); the others
    /// follow in order.
    package static func map<T: Sendable>(_ count: Int, first: [Int] = [], _ body: @Sendable (Int) -> T) -> [T] {
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

    /// `body` over contiguous runs of `0..<count` — at most `runs`, each of at least
    /// `minimumRun` indexes — computed concurrently and concatenated in order; one run on the
    /// caller's thread when that leaves fewer than two.
    package static func concatenated<T: Sendable>(
        _ count: Int, runs: Int = ProcessInfo.processInfo.activeProcessorCount, minimumRun: Int,
        _ body: @Sendable (Range<Int>) -> [T]
    ) -> [T] {
        let n = min(runs, count / max(minimumRun, 1))
        if n < 2 { return body(0..<count) }
        let bounds = (0...n).map { $0 * count / n }
        let parts = map(n) { r in body(bounds[r]..<bounds[r + 1]) }
        var out: [T] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { out += p }
        return out
    }

    /// `items.map(transform)`, computed in contiguous runs of at least `minimumRun` items, one
    /// per core (``concatenated(_:runs:minimumRun:_:)``).
    package static func map<A: Sendable, T: Sendable>(
        _ items: [A], minimumRun: Int, _ transform: @Sendable (A) -> T
    ) -> [T] {
        concatenated(items.count, minimumRun: minimumRun) { r in items[r].map(transform) }
    }

    /// The stack `onLargeStack` gives its work: room for the parser's and the evaluator's
    /// depth limits in a debug build, whatever thread the caller is on (the main thread has
    /// 8 MiB, a Swift concurrency or Dispatch worker far less).
    package static let largeStackBytes = 512 << 20

    /// `body()`, run on a thread of its own with a `largeStackBytes` stack while the caller
    /// waits: recursion bounded by a depth limit then ends in a diagnostic, never in a stack
    /// overflow. The stack is reserved address space; only the pages used are memory.
    package static func onLargeStack<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox<T>(body)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.run()
                done.signal()
            }
            thread.stackSize = largeStackBytes
            thread.start()
            done.wait()
            return box.result!
        }
    }

    /// Carries work and its result across the thread `onLargeStack` starts; the caller waits,
    /// so the two threads never touch it at once.
    private final class UncheckedBox<T>: @unchecked Sendable {
        var body: (() -> T)?
        var result: T?
        init(_ body: @escaping () -> T) { self.body = body }
        /// Runs the work once and lets go of it, so that it does not outlive the call.
        func run() {
            result = body?()
            body = nil
        }
    }

    /// A value computed on another thread while the caller goes on; `wait()` returns it.
    package final class Background<T: Sendable>: @unchecked Sendable {
        private var value: T?
        private let done = DispatchSemaphore(value: 0)

        /// Starts computing `body()`.
        package init(_ body: @escaping @Sendable () -> T) {
            DispatchQueue.global(qos: .userInitiated).async {
                self.value = body()
                self.done.signal()
            }
        }

        /// The value, once computed.
        package func wait() -> T {
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
