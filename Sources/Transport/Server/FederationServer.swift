import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RunPlan
import Synchronization

/// The security of the federation port.
package enum TransportSecurityMode: Sendable, Equatable {
    /// Mutual TLS with the material in the folder.
    case mutualTLS(TLSFolder)
    /// Plaintext (`--insecure`).
    case insecure
}

/// Why a server or client could not start or finish.
package enum RuntimeFailure: Error, Equatable, CustomStringConvertible {
    /// Certificates or keys are missing or unusable (a configuration error; retrying is useless).
    case credentials(String)
    /// The server refused the client (identity, allow-list, ids).
    case refused(String)
    /// The plan, the data or the state folder is unusable.
    case configuration(String)
    /// The server could not be reached within the connect timeout, or the connection failed.
    case unreachable(String)
    /// The federation failed (not enough clients, aggregation).
    case federation(String)
    /// The server no longer knows this client's session or task (it restarted and resumed):
    /// the client joins again and pulls its current task. A client never stops on it.
    case rejoin(String)

    /// Whether running again may succeed (the exit-code contract, `ExitCode`): a server that
    /// cannot be reached, a lost connection or a federation that could not go on; not bad
    /// credentials, a refusal or a configuration error.
    package var isRetryable: Bool {
        switch self {
        case .unreachable, .federation, .rejoin: true
        case .credentials, .refused, .configuration: false
        }
    }

    /// The exit code of a `kfc exec` that ends on it (`ExitCode`).
    package var exitCode: Int32 { isRetryable ? ExitCode.retryable : ExitCode.inputError }

    /// One lowercase line.
    package var description: String {
        switch self {
        case .credentials(let s), .refused(let s), .configuration(let s), .unreachable(let s), .federation(let s),
            .rejoin(let s):
            return s
        }
    }
}

/// `kfc exec server`: the federation service on its port, the health service on its own
/// plaintext port, and the rounds.
package struct FederationServer: Sendable {
    /// What the server needs to start.
    package struct Configuration: Sendable {
        /// The plan.
        package var plan: RunPlan
        /// The address to bind (e.g. `0.0.0.0`, `127.0.0.1`).
        package var host: String
        /// The federation port (0 picks a free one).
        package var port: Int
        /// The plaintext health port (nil: no health service; 0 picks a free one).
        package var healthPort: Int?
        /// mTLS or plaintext.
        package var security: TransportSecurityMode
        /// Where the server writes its ledger (client-level DP), metrics and model.
        package var stateDirectory: String
        /// The server's evaluation rows, if the plan has some.
        package var serverEvaluation: Dataset?
        /// The state of an earlier run of this plan in `stateDirectory`, to resume from.
        package var resume: ServerState?
        /// A test hook called in the middle of each state write (see ``FederationCoordinator``).
        package var pauseStateWrite: (@Sendable (_ round: Int) -> Void)?
        /// Lets a signal handler stop the server cleanly (SIGTERM).
        package var shutdown: ShutdownHandle?
        /// Whether the server serves on after the federation, until it is stopped (a
        /// Deployment's pod, which the kubelet would otherwise restart), instead of returning.
        package var linger: Bool

        /// Creates a configuration.
        package init(
            plan: RunPlan, host: String, port: Int, healthPort: Int?, security: TransportSecurityMode,
            stateDirectory: String, serverEvaluation: Dataset? = nil, resume: ServerState? = nil,
            pauseStateWrite: (@Sendable (_ round: Int) -> Void)? = nil, shutdown: ShutdownHandle? = nil,
            linger: Bool = false
        ) {
            self.linger = linger
            self.shutdown = shutdown
            self.resume = resume
            self.pauseStateWrite = pauseStateWrite
            self.plan = plan
            self.host = host
            self.port = port
            self.healthPort = healthPort
            self.security = security
            self.stateDirectory = stateDirectory
            self.serverEvaluation = serverEvaluation
        }
    }

    /// The configuration.
    package let configuration: Configuration
    private let log: RuntimeLog

    /// Creates a server.
    package init(_ configuration: Configuration, log: @escaping RuntimeLog) {
        self.configuration = configuration
        self.log = log
    }

    private static func address(_ host: String, _ port: Int) -> GRPCNIOTransportCore.SocketAddress {
        host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
    }

    /// Runs the federation to its end; `onRound` and `onModel` are called after each round,
    /// `onFinish` once every client has been told to finish (before lingering, if the server
    /// lingers: then `run` returns only if it is stopped by other means than the process ending).
    ///
    /// Logs `listening` with the bound ports first (so that a port of 0 can be read off the log).
    package func run(
        onRound: @escaping @Sendable (RoundMetrics) -> Void = { _ in },
        onModel: @escaping @Sendable (ModelCheckpoint) -> Void = { _ in },
        onFinish: @escaping @Sendable (SimulationResult) -> Void = { _ in }
    ) async throws(RuntimeFailure) -> SimulationResult {
        let c = configuration
        let coordinator = FederationCoordinator(
            plan: c.plan, serverEvaluation: c.serverEvaluation,
            ledgerDirectory: c.plan.privacy.unit == .none ? nil : c.stateDirectory, stateDirectory: c.stateDirectory,
            resume: c.resume, pauseStateWrite: c.pauseStateWrite, log: log)
        c.shutdown?.attach(coordinator)
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        let authentication: ClientAuthentication
        switch c.security {
        case .insecure:
            security = .plaintext
            authentication = .insecure
        case .mutualTLS(let folder):
            if let missing = folder.missingFile {
                throw .credentials("cannot read '\(missing)'")
            }
            let revoked: Set<String>
            do { revoked = try folder.revokedSerials() } catch {
                throw .credentials("cannot read '\(folder.revokedList)': \(error.localizedDescription)")
            }
            security = .mTLS(
                certificateChain: [.file(path: folder.certificate, format: .pem)],
                privateKey: .file(path: folder.key, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: folder.ca, format: .pem)])
                tls.clientCertificateVerification = .noHostnameVerification
            }
            authentication = .mutualTLS(revoked: revoked)
        }
        // Heartbeats both ways (`timeouts.heartbeat_seconds`): the server pings a silent client
        // and accepts the clients' pings, with or without a call in flight, as often as that.
        let heartbeat = Duration.seconds(c.plan.timeouts.heartbeatSeconds)
        let transport = HTTP2ServerTransport.Posix(
            address: Self.address(c.host, c.port), transportSecurity: security,
            config: .defaults {
                $0.connection.keepalive = .init(
                    time: heartbeat, timeout: heartbeat,
                    clientBehavior: .init(minPingIntervalWithoutCalls: heartbeat / 2, allowWithoutCalls: true))
            })
        let service = FederationService(
            coordinator: coordinator, federation: c.plan.federation, authentication: authentication, log: log)
        let server = GRPCServer(transport: transport, services: [service])
        let healthTransport = c.healthPort.map {
            HTTP2ServerTransport.Posix(address: Self.address(c.host, $0), transportSecurity: .plaintext)
        }
        let health = healthTransport.map {
            GRPCServer(transport: $0, services: [HealthService(coordinator: coordinator)])
        }
        let log = self.log
        do {
            return try await withThrowingTaskGroup(of: SimulationResult?.self) { group in
                group.addTask {
                    try await server.serve()
                    return nil
                }
                if let health {
                    group.addTask {
                        try await health.serve()
                        return nil
                    }
                }
                let port = try await transport.listeningAddress.port
                var fields: [(String, RuntimeEvent.Value)] = [
                    ("federation", .string(c.plan.federation)), ("port", .int(port)),
                    ("tls", .bool(c.security != .insecure)),
                ]
                if let healthTransport {
                    fields.append(("health_port", .int(try await healthTransport.listeningAddress.port)))
                }
                log(RuntimeEvent("listening", fields))
                await coordinator.markAccepting()
                let result: SimulationResult
                do {
                    result = try await coordinator.run(onRound: onRound, onModel: onModel)
                } catch {
                    server.beginGracefulShutdown()
                    health?.beginGracefulShutdown()
                    throw RuntimeFailure.federation(String(describing: error))
                }
                // Tell every client to finish before closing the port.
                await coordinator.drain(timeout: .seconds(max(5, min(c.plan.timeouts.roundSeconds, 30))))
                onFinish(result)
                if c.linger { await coordinator.linger() }
                server.beginGracefulShutdown()
                health?.beginGracefulShutdown()
                for try await _ in group {}
                return result
            }
        } catch let failure as RuntimeFailure {
            throw failure
        } catch let error as RPCError {
            throw .configuration("the server could not serve: \(error.message)\(error.cause.map { " (\($0))" } ?? "")")
        } catch {
            throw .configuration("the server could not serve: \(error)")
        }
    }
}

/// Stops a server between two of its steps, for a signal handler (SIGTERM).
///
/// `stop` runs its body on the coordinator, so no state write is in flight: the state on disk is
/// that of the last completed round, whose number the body gets. The body ends the process (the
/// round in flight is abandoned; tearing down the gRPC servers under clients that keep calling
/// is not needed, since nothing is lost). Once the last round is over, `stop` waits for the
/// federation to end by itself, or, if the server lingers, runs its body once it lingers.
package final class ShutdownHandle: Sendable {
    private let coordinator = Mutex<FederationCoordinator?>(nil)

    /// Creates a handle, attached when the server starts.
    package init() {}

    func attach(_ c: FederationCoordinator) { coordinator.withLock { $0 = c } }

    /// Runs `body` with the round of the state on disk, at a moment no state write is in flight.
    package func stop(_ body: @escaping @Sendable (_ round: Int) -> Void) async {
        if let c = coordinator.withLock({ $0 }) {
            await c.stop(body)
        } else {
            body(0)
        }
    }
}

extension GRPCNIOTransportCore.SocketAddress {
    /// The port of an IP address (0 otherwise).
    var port: Int { ipv4?.port ?? ipv6?.port ?? 0 }
}
