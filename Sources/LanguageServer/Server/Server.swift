import Foundation

/// Runs a language server session over two byte streams until the client says `exit` or
/// closes its stream.
///
/// A reader thread splits the input into messages; one task handles them in arrival order, so
/// requests are answered in order. Checks run off that task: an edit schedules one (at once
/// when the document had no edit within `debounce`, after `debounce` otherwise), a newer edit
/// cancels it (or, when it is already running, cancels it and drops its
/// result), and a request that needs the current check (hover, definition, code actions) waits
/// for it.
package enum Server {
    /// Serves `input`/`output`; returns the exit status: 0 after `shutdown` then `exit`, 1 when
    /// the client exits without `shutdown` or closes the stream.
    package static func run(input: FileHandle, output: FileHandle, configuration: ServerConfiguration) -> Int32 {
        let (frames, continuation) = AsyncStream.makeStream(of: MessageFraming.Frame.self)
        let reader = Thread {
            var framing = MessageFraming()
            while true {
                let chunk = input.availableData
                if chunk.isEmpty { break }
                framing.append(chunk)
                while let frame = framing.next() { continuation.yield(frame) }
            }
            continuation.finish()
        }
        reader.start()
        let session = Session(configuration: configuration, writer: MessageWriter(output: output))
        let done = DispatchSemaphore(value: 0)
        let status = StatusBox()
        Task {
            for await frame in frames {
                if await !session.handle(frame) { break }
            }
            status.value = await session.exitStatus
            await session.cancelAll()
            done.signal()
        }
        done.wait()
        return status.value
    }
}

/// The exit status, handed from the session's task to the waiting thread.
private final class StatusBox: @unchecked Sendable {
    var value: Int32 = 1
}
