import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RunPlan
import Testing

@testable import Transport

/// What the server refuses: certificates from another CA, no certificate, another client's
/// identity, ids of another round, client or federation, clients outside the plan.
@Suite(.serialized) struct RefusalTests {
    /// A plan of two clients whose clients give up after one second of retrying.
    static func plan() -> RunPlan {
        var plan = digitsPlan(clients: 2, rounds: 1)
        plan.timeouts.connectSeconds = 1
        return plan
    }

    /// Runs `body` against a started mTLS server of `plan`, then stops the server.
    func withServer(
        _ plan: RunPlan, _ certs: TestCertificates,
        _ body: @Sendable (Int, EventLog) async throws -> Void
    ) async throws {
        let log = EventLog()
        let server = FederationServer(
            .init(
                plan: plan, host: "127.0.0.1", port: 0, healthPort: nil, security: .mutualTLS(certs.server),
                stateDirectory: temporaryDirectory()),
            log: log.log)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await server.run() }
            let port = try await log.port()
            try await body(port, log)
            group.cancelAll()
        }
    }

    /// A raw client of the federation service, with `folder`'s certificate.
    func withAPI(
        port: Int, folder: TLSFolder,
        _ body: (Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>) async throws -> Void
    ) async throws {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .mTLS(
                certificateChain: [.file(path: folder.certificate, format: .pem)],
                privateKey: .file(path: folder.key, format: .pem)
            ) { $0.trustRoots = .certificates([.file(path: folder.ca, format: .pem)]) })
        try await withGRPCClient(transport: transport) { client in
            try await body(Kfc_Federation_V1_Federation.Client(wrapping: client))
        }
    }

    func join(_ plan: RunPlan, _ id: String, as claimed: String? = nil) -> Kfc_Federation_V1_JoinRequest {
        var join = Kfc_Federation_V1_JoinRequest()
        join.ids = WireIds(federation: plan.federation, round: 0, client: claimed ?? id)
        join.features = 64
        join.classes = 10
        return join
    }

    @Test func aCertificateFromAnotherCAIsRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        let other = try TestCertificates(plan: plan)
        try await withServer(plan, certs) { port, log in
            let client = try makeClient(
                plan, "client-0", port: port, security: .mutualTLS(other.client("client-0")), log: log)
            await #expect(throws: RuntimeFailure.self) { _ = try await client.run() }
            #expect(log.named("join").isEmpty)
        }
    }

    @Test func aClientWithoutACertificateIsRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        try await withServer(plan, certs) { port, log in
            let folder = certs.client("client-0")
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: .tls { $0.trustRoots = .certificates([.file(path: folder.ca, format: .pem)]) })
            try await withGRPCClient(transport: transport) { client in
                let api = Kfc_Federation_V1_Federation.Client(wrapping: client)
                let error = await #expect(throws: RPCError.self) { try await api.join(join(plan, "client-0")) }
                #expect(error?.code == .unavailable)
            }
            // And a plaintext client cannot speak to the TLS port at all.
            let plain = try makeClient(plan, "client-0", port: port, security: .insecure, log: log)
            await #expect(throws: RuntimeFailure.self) { _ = try await plain.run() }
            #expect(log.named("join").isEmpty)
        }
    }

    @Test func anotherClientsIdentityIsRefusedAndLogged() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        try await withServer(plan, certs) { port, log in
            // client-1 presents client-0's certificate.
            let client = try makeClient(
                plan, "client-1", port: port, security: .mutualTLS(certs.client("client-0")), log: log)
            let failure = await #expect(throws: RuntimeFailure.self) { _ = try await client.run() }
            guard case .refused(let why)? = failure else {
                Issue.record("expected a refusal, got \(String(describing: failure))")
                return
            }
            #expect(why.contains("'client-0' of 'digits'"), "\(why)")
            let refused = try #require(log.named("refused").first)
            #expect(refused["client"] == .string("client-1"))
            #expect(log.named("join").isEmpty)
        }
    }

    @Test func aClientOutsideThePlanIsRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        // A certificate the CA signed for a client the plan does not list.
        let stranger = TLSFolder((certs.root as NSString).appendingPathComponent("stranger"))
        try TLSFolder.write(
            to: stranger.path, caPEM: try certs.ca.certificatePEM,
            credential: try certs.ca.issueClient(federation: plan.federation, client: "client-9"))
        try await withServer(plan, certs) { port, log in
            try await withAPI(port: port, folder: stranger) { api in
                let error = await #expect(throws: RPCError.self) { try await api.join(join(plan, "client-9")) }
                #expect(error?.code == .permissionDenied)
                #expect(error?.message == "client 'client-9' is not in the plan")
            }
        }
    }

    @Test func messagesForAnotherRoundClientOrFederationAreRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        try await withServer(plan, certs) { port, log in
            try await withAPI(port: port, folder: certs.client("client-0")) { api in
                _ = try await api.join(join(plan, "client-0"))
                // An update for round 5, which the client was never given.
                var header = Kfc_Federation_V1_UpdateHeader()
                header.ids = WireIds(federation: plan.federation, round: 5, client: "client-0")
                header.messageID = "m-5"
                header.parameterCount = 0
                let update = header
                let round = await #expect(throws: RPCError.self) {
                    try await api.pushUpdate { writer in
                        var m = WireUpdateMessage()
                        m.header = update
                        try await writer.write(m)
                    }
                }
                #expect(round?.code == .failedPrecondition)
                #expect(round?.message.contains("round 5") == true)
                // An evaluation in the name of client-1, over client-0's certificate.
                var report = Kfc_Federation_V1_EvaluationReport()
                report.ids = WireIds(federation: plan.federation, round: 0, client: "client-1")
                let client = await #expect(throws: RPCError.self) { try await api.reportEvaluation(report) }
                #expect(client?.code == .permissionDenied)
                // A task request for another federation.
                var pull = Kfc_Federation_V1_TaskRequest()
                pull.ids = WireIds(federation: "other", round: 0, client: "client-0")
                let federation = await #expect(throws: RPCError.self) {
                    try await api.pullTask(pull) { response in for try await _ in response.messages {} }
                }
                #expect(federation?.code == .invalidArgument)
                // A task request from a round the server has not reached.
                pull.ids = WireIds(federation: plan.federation, round: 3, client: "client-0")
                let future = await #expect(throws: RPCError.self) {
                    try await api.pullTask(pull) { response in for try await _ in response.messages {} }
                }
                #expect(future?.code == .failedPrecondition)
            }
            #expect(log.named("refused").count == 4)
        }
    }

    /// Widths and counts a peer announces are bounded before anything is allocated, and an
    /// update holding a NaN never reaches aggregation.
    @Test func hugeAnnouncedShapesAndNonFiniteUpdatesAreRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        try await withServer(plan, certs) { port, log in
            try await withAPI(port: port, folder: certs.client("client-0")) { api in
                var huge = join(plan, "client-0")
                huge.features = 1 << 31
                let shape = await #expect(throws: RPCError.self) { try await api.join(huge) }
                #expect(shape?.code == .invalidArgument)
                #expect(shape?.message.contains("no model of at most") == true)
                huge = join(plan, "client-0")
                huge.classes = .max
                let classes = await #expect(throws: RPCError.self) { try await api.join(huge) }
                #expect(classes?.message.contains("classes") == true)
                _ = try await api.join(join(plan, "client-0"))
                try await withAPI(port: port, folder: certs.client("client-1")) { other in
                    _ = try await other.join(join(plan, "client-1"))
                }
                var pull = Kfc_Federation_V1_TaskRequest()
                pull.ids = WireIds(federation: plan.federation, round: 0, client: "client-0")
                let task = try await api.pullTask(pull) { response in
                    var header: Kfc_Federation_V1_TaskHeader?
                    for try await m in response.messages { if case .header(let h)? = m.part { header = h } }
                    return header
                }
                let task1 = try #require(task)
                #expect(task1.kind == .fit)
                func push(count: UInt64, values: [Float]) async -> RPCError? {
                    var header = Kfc_Federation_V1_UpdateHeader()
                    header.ids = task1.ids
                    header.messageID = "m-\(count)-\(values.count)"
                    header.parameterCount = count
                    let sent = header
                    return await #expect(throws: RPCError.self) {
                        try await api.pushUpdate { writer in
                            var m = WireUpdateMessage()
                            m.header = sent
                            try await writer.write(m)
                            for (offset, bytes) in ParameterCodec.chunks(values) {
                                var chunk = Kfc_Federation_V1_ParameterChunk()
                                chunk.ids = sent.ids
                                chunk.offset = UInt64(offset)
                                chunk.values = bytes
                                var c = WireUpdateMessage()
                                c.chunk = chunk
                                try await writer.write(c)
                            }
                        }
                    }
                }
                let oversized = await push(count: 1 << 62, values: [])
                #expect(oversized?.code == .invalidArgument)
                #expect(oversized?.message.contains("announces 4611686018427387904 parameters") == true)
                var values = [Float](repeating: 0.5, count: Int(task1.parameterCount))
                values[3] = .nan
                let nan = await push(count: task1.parameterCount, values: values)
                #expect(nan?.code == .invalidArgument)
                #expect(nan?.message.contains("parameter 3 is not a finite number") == true)
            }
            #expect(log.named("refused").count == 4)
        }
    }

    @Test func aSecondCertificateForAJoinedIdIsRefusedAsADuplicate() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        let second = TLSFolder((certs.root as NSString).appendingPathComponent("second"))
        try TLSFolder.write(
            to: second.path, caPEM: try certs.ca.certificatePEM,
            credential: try certs.ca.issueClient(federation: plan.federation, client: "client-0"))
        try await withServer(plan, certs) { port, log in
            try await withAPI(port: port, folder: certs.client("client-0")) { api in
                _ = try await api.join(join(plan, "client-0"))
            }
            try await withAPI(port: port, folder: second) { api in
                let error = await #expect(throws: RPCError.self) { try await api.join(join(plan, "client-0")) }
                #expect(error?.code == .permissionDenied)
                #expect(error?.message.contains("another certificate") == true)
            }
        }
    }

    @Test func aRevokedCertificateIsRefused() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        let revoked = TLSFolder((certs.root as NSString).appendingPathComponent("revoked-client"))
        let credential = try certs.ca.issueClient(federation: plan.federation, client: "client-1")
        try TLSFolder.write(to: revoked.path, caPEM: try certs.ca.certificatePEM, credential: credential)
        try Data("# revoked serials\n\(credential.serial)\n".utf8).write(
            to: URL(fileURLWithPath: certs.server.revokedList))
        try await withServer(plan, certs) { port, log in
            try await withAPI(port: port, folder: revoked) { api in
                let error = await #expect(throws: RPCError.self) { try await api.join(join(plan, "client-1")) }
                #expect(error?.code == .permissionDenied)
                #expect(error?.message.contains("revoked") == true)
            }
        }
    }
}
