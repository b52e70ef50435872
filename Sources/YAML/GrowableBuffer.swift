/// A growable run of elements appended in place: what the reader's pending collections
/// (`YAMLValueComposer`) and the emitter's output bytes (`YAMLDirectEmitter`) are kept in.
///
/// An array's `append(contentsOf:)` is a generic call each time (its specialisation lives in
/// another library) and a struct holding an array checks its uniqueness on every append; both
/// run millions of times for 10,000 clients. A class, so that appending or taking inside a
/// method of a struct never copies the elements.
final class GrowableBuffer<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func append(_ element: consuming Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: consume element)
        count += 1
    }

    /// Appends copies of `elements`.
    @inline(__always) func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let from = elements.baseAddress else { return }
        if capacity - count < elements.count { grow(to: count + elements.count) }
        (base + count).initialize(from: from, count: elements.count)
        count += elements.count
    }

    /// The elements as one buffer, read in `body` (which must not add to this buffer).
    @inline(__always) func withBuffer<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Drops the elements from `start` on.
    func removeLast(from start: Int) {
        guard start < count else { return }
        (base + start).deinitialize(count: count - start)
        count = start
    }

    /// The elements from `start` on, moved into an array of their exact size.
    func take(from start: Int) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count - start)
        for i in start..<count { out.append((base + i).move()) }
        count = start
        return out
    }

    private func grow(to needed: Int) {
        let grown = max(needed, capacity * 2)
        let new = UnsafeMutablePointer<Element>.allocate(capacity: grown)
        new.moveInitialize(from: base, count: count)
        base.deallocate()
        base = new
        capacity = grown
    }
}

extension GrowableBuffer where Element == UInt8 {
    /// Every byte, copied into an array in one go; the buffer is empty afterwards.
    func takeAll() -> [UInt8] {
        defer { count = 0 }
        return Array(UnsafeBufferPointer(start: base, count: count))
    }
}
