import Dispatch

/// Frees a large value on a background thread.
///
/// Freeing the hundreds of thousands of small values of a large deployment's objects and
/// models takes a tenth of `kfc check`; a command that is done with them hands them here and
/// goes on (printing its report, exiting) while another thread frees them. A process that
/// exits first does not wait for it.
enum Discard {
    /// Releases `value` on a background thread: the caller must hold no other reference to it.
    static func inBackground<T>(_ value: consuming T) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { box.value = nil }
    }

    /// The only reference to the value once the caller has given it up.
    private final class Box<V>: @unchecked Sendable {
        var value: V?
        init(_ value: consuming V) { self.value = value }
    }
}
