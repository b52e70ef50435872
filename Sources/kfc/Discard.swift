import Dispatch

/// Gives up a large value a command is done with, without making the command wait for it to
/// be freed.
///
/// Freeing the hundreds of thousands of small values of a large deployment's objects and
/// models takes a tenth of a command's CPU. A one-shot command hands them to `untilExit`: in
/// the `kfc` process, which exits when the command returns, they are never freed at all —
/// the operating system reclaims the whole address space at exit in one go, as compilers do
/// (clang's `-disable-free`). Run in-process (the tests), or in a long-lived server
/// (`kfc lsp`, through `inBackground`), they are freed on another thread.
enum Discard {
    /// Keeps `value` until the process exits when the command runs as the `kfc` process
    /// (`ctx` is live), else frees it in the background. The caller must hold no other
    /// reference to it.
    static func untilExit<T>(_ value: consuming T, ctx: Context) {
        guard ctx.exitsAfterCommand else { return inBackground(value) }
        // One reference that is never released: nothing in the value is ever freed.
        _ = Unmanaged.passRetained(Box(value))
    }

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
