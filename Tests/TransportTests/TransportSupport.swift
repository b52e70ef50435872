import FLExec
import Foundation
import RunPlan
import Synchronization
import Testing

@testable import Transport

/// A fresh temporary folder, unique per call.
func temporaryDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("transport-\(safe)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The digits example's shards.
let digitsDataDirectory = repositoryRoot + "/examples/digits/data"

/// A digits plan: logistic regression, FedAvg, seeded (also the DP noise, for tests).
func digitsPlan(clients n: Int = 4, rounds: Int = 3) -> RunPlan {
    let clients = (0..<n).map { k in
        ClientSpec(
            id: "client-\(k)",
            dataset: DatasetSpec(
                path: "\(digitsDataDirectory)/part-\(k).csv", label: "label", scaling: .divide(by: 16)),
            train: TrainSpec(epochs: 1, batch: 8, lr: 0.1, momentum: 0.9))
    }
    return RunPlan(
        federation: "digits", model: .logisticRegression(), strategy: .fedavg, rounds: rounds, minFit: n,
        minClients: n, server: ServerSpec(address: "127.0.0.1", port: 8080, checkpointDir: "checkpoints"),
        clients: clients, timeouts: TimeoutSpec(roundSeconds: 60, connectSeconds: 20),
        seeds: SeedSpec(initialization: 1, shuffle: 2, insecureSeed: 3))
}

/// Events a run logged, collected from every thread.
final class EventLog: Sendable {
    private let events = Mutex<[RuntimeEvent]>([])

    var log: RuntimeLog { { [self] e in self.events.withLock { $0.append(e) } } }

    var all: [RuntimeEvent] { events.withLock { $0 } }

    func named(_ name: String) -> [RuntimeEvent] { all.filter { $0.name == name } }

    /// Waits for the server's `listening` event and returns its port.
    func port(_ key: String = "port") async throws -> Int {
        for _ in 0..<2000 {
            if let e = named("listening").first, case .int(let p)? = e[key] { return p }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CancellationError()
    }
}

/// A federation's certificates in a temporary folder: `server/`, `clients/<id>/`.
struct TestCertificates {
    let root: String
    let ca: CertificateAuthority

    init(plan: RunPlan, root: String = temporaryDirectory()) throws {
        self.root = root
        ca = try CertificateAuthority(federation: plan.federation)
        let caPEM = try ca.certificatePEM
        try TLSFolder.write(
            to: server.path, caPEM: caPEM,
            credential: try ca.issueServer(
                commonName: "server", dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1]]))
        for c in plan.clients {
            try TLSFolder.write(
                to: client(c.id).path, caPEM: caPEM,
                credential: try ca.issueClient(federation: plan.federation, client: c.id))
        }
    }

    var server: TLSFolder { TLSFolder((root as NSString).appendingPathComponent("server")) }

    func client(_ id: String) -> TLSFolder { TLSFolder((root as NSString).appendingPathComponent("clients/\(id)")) }
}

/// Loads client `id`'s rows as `kfc exec client` does.
func clientData(_ plan: RunPlan, _ id: String) throws -> (train: Dataset, eval: Dataset) {
    try ClientRole.loadData(plan.client(id)!, baseDirectory: nil)
}

/// A client of `plan` dialling 127.0.0.1:`port`.
func makeClient(
    _ plan: RunPlan, _ id: String, port: Int, security: TransportSecurityMode, log: EventLog,
    ledgers: String? = nil
) throws -> FederationClient {
    let data = try clientData(plan, id)
    return FederationClient(
        .init(
            plan: plan, client: id, host: "127.0.0.1", port: port, security: security, train: data.train,
            eval: data.eval, ledgerDirectory: ledgers),
        log: log.log)
}

/// Runs `plan` over loopback: one server and every client as tasks of this process.
func runOverLoopback(
    _ plan: RunPlan, security: (String?) -> TransportSecurityMode, log: EventLog = EventLog()
) async throws -> SimulationResult {
    let state = temporaryDirectory()
    let server = FederationServer(
        .init(
            plan: plan, host: "127.0.0.1", port: 0, healthPort: 0, security: security(nil), stateDirectory: state),
        log: log.log)
    return try await withThrowingTaskGroup(of: SimulationResult?.self) { group in
        group.addTask { try await server.run() }
        let port = try await log.port()
        for c in plan.clients {
            let client = try makeClient(plan, c.id, port: port, security: security(c.id), log: log, ledgers: state)
            group.addTask {
                _ = try await client.run()
                return nil
            }
        }
        var result: SimulationResult?
        for try await r in group where r != nil { result = r }
        return try #require(result)
    }
}
