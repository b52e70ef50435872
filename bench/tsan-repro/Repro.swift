// kfc-tsan-repro: reduced reproductions of the ThreadSanitizer reports that kfc's suite gets inside
// gRPC under `scripts/sanitize thread` (docs/reliability.md, "Sanitizers"), with no kfc code. Run
// by hand, never by the tests:
//
//   swift build --sanitize=thread --scratch-path .build-tsan --product kfc-tsan-repro
//   TSAN_OPTIONS=halt_on_error=0 .build-tsan/debug/kfc-tsan-repro grpc [CLIENTS] [CALLS]
//   TSAN_OPTIONS=halt_on_error=0 .build-tsan/debug/kfc-tsan-repro mutex [ITERATIONS]
//   TSAN_OPTIONS=halt_on_error=0 .build-tsan/debug/kfc-tsan-repro continuation [TIMES]
//
// `grpc`: an in-process server and CLIENTS clients (default 200), one after the other, over
// 127.0.0.1 with the transport kfc uses (HTTP/2 on NIO, posix, plaintext). Each client starts its
// connection and CALLS calls (default 8) at once, as kfc's FederationClient does, to a
// hand-written bidirectional-streaming echo method on raw bytes; every echo is checked.
// `mutex` and `continuation` show the two mechanisms without gRPC (scripts/tsan-suppressions.txt):
// `mutex` has two threads add 1 to a counter under one `Synchronization.Mutex` ITERATIONS times
// each (default 200000) and checks the total; `continuation` has another thread resume a
// continuation before its task awaits it, TIMES times (default 3).
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Messages are their bytes.
struct RawBytes: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }
}

/// A bidirectional-streaming method that sends every message back.
struct EchoService: RegistrableRPCService {
    static let chat = MethodDescriptor(fullyQualifiedService: "repro.Echo", method: "Chat")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.chat, deserializer: RawBytes(), serializer: RawBytes()) {
            request, _ in
            StreamingServerResponse { writer in
                for try await message in request.messages { try await writer.write(message) }
                return [:]
            }
        }
    }
}

struct ReproError: Error, CustomStringConvertible {
    let description: String
}

@main
enum Repro {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let numbers = arguments.dropFirst().compactMap { Int($0) }.filter { $0 > 0 }
        func number(_ index: Int, default value: Int) -> Int { index < numbers.count ? numbers[index] : value }
        switch (arguments.first, numbers.count == arguments.count - 1) {
        case ("grpc", true): try await grpc(clients: number(0, default: 200), calls: number(1, default: 8))
        case ("mutex", true): try mutex(iterations: number(0, default: 200_000))
        case ("continuation", true): await continuation(times: number(0, default: 3))
        default:
            let usage = "usage: kfc-tsan-repro grpc [CLIENTS] [CALLS] | mutex [ITERATIONS] | continuation [TIMES]\n"
            _ = usage.withCString { write(2, $0, strlen($0)) }
            exit(64)
        }
    }

    static func grpc(clients: Int, calls: Int) async throws {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [EchoService()])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.serve() }
            guard let port = try await transport.listeningAddress.ipv4?.port else {
                throw ReproError(description: "the server has no IPv4 address")
            }
            for _ in 0..<clients {
                try await runClient(port: port, calls: calls)
            }
            server.beginGracefulShutdown()
            try await group.waitForAll()
        }
        print("grpc: \(clients) clients × \(calls) calls, every echo right")
    }

    /// One client: its connection and `calls` echo calls start together.
    static func runClient(port: Int, calls: Int) async throws {
        let client = GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.runConnections() }
            try await withThrowingTaskGroup(of: Void.self) { callers in
                for call in 0..<calls {
                    callers.addTask { try await echo(client, seed: UInt8(truncatingIfNeeded: call)) }
                }
                try await callers.waitForAll()
            }
            client.beginGracefulShutdown()
            try await group.waitForAll()
        }
    }

    static func echo(_ client: GRPCClient<HTTP2ClientTransport.Posix>, seed: UInt8) async throws {
        let sent: [[UInt8]] = (0..<3).map { [seed, UInt8($0)] }
        let request = StreamingClientRequest<[UInt8]> { writer in
            for message in sent { try await writer.write(message) }
        }
        let received = try await client.bidirectionalStreaming(
            request: request, descriptor: EchoService.chat, serializer: RawBytes(), deserializer: RawBytes(),
            options: .defaults
        ) { response in
            var all: [[UInt8]] = []
            for try await message in response.messages { all.append(message) }
            return all
        }
        guard received == sent else { throw ReproError(description: "echo \(received) for \(sent)") }
    }

    static func mutex(iterations: Int) throws {
        let counter = Counter()
        let threads = (0..<2).map { _ in
            Thread { for _ in 0..<iterations { counter.value.withLock { $0 += 1 } } }
        }
        for thread in threads { thread.join() }
        let total = counter.value.withLock { $0 }
        guard total == 2 * iterations else {
            throw ReproError(description: "the counter is \(total), not \(2 * iterations)")
        }
        print("mutex: 2 threads × \(iterations) increments, total \(total)")
    }
}

final class Counter: Sendable {
    let value = Mutex(0)
}

extension Repro {
    /// Another thread resumes a continuation before its task awaits it (the closure sleeps, which
    /// TSan does not count as synchronisation), so the task goes on without suspending; then the
    /// task calls an async function whose frame takes the task-allocator memory the continuation
    /// context used, and writes it.
    static func continuation(times: Int) async {
        var resumers: [Thread] = []
        var sum = 0
        for _ in 0..<times {
            let (value, resumer) = await resumedEarly()
            resumers.append(resumer)
            sum &+= await frame(value)
        }
        for thread in resumers { thread.join() }
        print("continuation: \(times) continuations resumed before their await (\(sum))")
    }

    static func resumedEarly() async -> (Int, Thread) {
        var resumer: Thread?
        let value = await withUnsafeContinuation { (continuation: UnsafeContinuation<Int, Never>) in
            resumer = Thread { continuation.resume(returning: 42) }
            usleep(20_000)
        }
        return (value, resumer!)
    }

    /// An async function with 512 bytes of locals that live across a call to an async function,
    /// so in its task-allocated frame; the call does not suspend.
    static func frame(_ n: Int) async -> Int {
        let locals = SIMD64<Int>(repeating: n)
        let m = await identity(n)
        return locals.wrappedSum() &+ m
    }

    static func identity(_ n: Int) async -> Int { n }
}

/// A POSIX thread running `body` (no Foundation: the repro links only gRPC).
final class Thread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(
            &handle, nil,
            { context in
                let thread = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
                thread.body()
                return nil
            }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
    }

    func join() { pthread_join(handle, nil) }
}
