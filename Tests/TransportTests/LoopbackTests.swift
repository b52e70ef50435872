import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RunPlan
import Testing

@testable import Transport

/// A whole federation over gRPC on 127.0.0.1, compared with the in-process simulation.
@Suite(.serialized) struct LoopbackTests {
    @Test func plaintextRunGivesTheInProcessModelBitForBit() async throws {
        var plan = digitsPlan(clients: 4, rounds: 3)
        plan.minFit = 2
        plan.fractionFit = 0.5
        var simulation = try FederatedSimulation(plan: plan)
        let expected = try simulation.run()
        let result = try await runOverLoopback(plan, security: { _ in .insecure })
        #expect(result.weights.map(\.bitPattern) == expected.weights.map(\.bitPattern))
        #expect(result.rounds.map(\.accuracy) == expected.rounds.map(\.accuracy))
        #expect(result.rounds.map(\.clients) == [2, 2, 2])
    }

    @Test func mutualTLSRunGivesTheInProcessModelBitForBit() async throws {
        let plan = digitsPlan(clients: 3, rounds: 2)
        var simulation = try FederatedSimulation(plan: plan)
        let expected = try simulation.run()
        let certs = try TestCertificates(plan: plan)
        let log = EventLog()
        let result = try await runOverLoopback(
            plan, security: { id in .mutualTLS(id.map(certs.client) ?? certs.server) }, log: log)
        #expect(result.weights.map(\.bitPattern) == expected.weights.map(\.bitPattern))
        #expect(log.named("join").count == 3)
        #expect(log.named("refused").isEmpty)
        #expect(log.named("listening").first?["tls"] == .bool(true))
    }

    @Test func exampleLevelDPWithASeededGeneratorMatchesTheSimulation() async throws {
        var plan = digitsPlan(clients: 3, rounds: 2)
        plan.privacy = PrivacySpec(
            unit: .example, epsilon: 50, delta: 1e-5, clip: 1, noiseMultiplier: 1.1, accountant: .rdp)
        for i in plan.clients.indices { plan.clients[i].samplingRate = 0.05 }
        var simulation = try FederatedSimulation(plan: plan)
        let expected = try simulation.run()
        let result = try await runOverLoopback(plan, security: { _ in .insecure })
        #expect(result.weights.map(\.bitPattern) == expected.weights.map(\.bitPattern))
        #expect(result.epsilon == expected.epsilon)
    }

    /// Under DP with `evaluation: withheld` (the default) the server asks no client for an
    /// evaluation and none is sent; its metrics say so and carry no accuracy or loss.
    @Test func withheldEvaluationNeverReachesTheServer() async throws {
        var plan = digitsPlan(clients: 3, rounds: 2)
        plan.privacy = PrivacySpec(
            unit: .example, epsilon: 50, delta: 1e-5, clip: 1, noiseMultiplier: 1.1, accountant: .rdp)
        for i in plan.clients.indices { plan.clients[i].samplingRate = 0.05 }
        let log = EventLog()
        let result = try await runOverLoopback(plan, security: { _ in .insecure }, log: log)
        #expect(result.rounds.count == 2)
        #expect(log.named("evaluation").isEmpty)
        #expect(log.named("refused").isEmpty)
        for line in result.rounds {
            #expect(line.evaluation == .withheld && line.accuracy == nil && line.loss == nil)
        }
        #expect(log.named("round").allSatisfy { $0["accuracy"] == nil && $0["loss"] == nil })
    }

    /// With `evaluation: charged` every client sends one noisy release a round, the same the
    /// simulation draws, and charges it to its ledger as the simulation does.
    @Test func chargedEvaluationMatchesTheSimulation() async throws {
        var plan = digitsPlan(clients: 3, rounds: 2)
        plan.privacy = PrivacySpec(
            unit: .example, epsilon: 50, delta: 1e-5, clip: 1, noiseMultiplier: 1.1, accountant: .rdp,
            evaluation: .charged)
        for i in plan.clients.indices { plan.clients[i].samplingRate = 0.05 }
        var simulation = try FederatedSimulation(plan: plan)
        let expected = try simulation.run()
        let log = EventLog()
        let result = try await runOverLoopback(plan, security: { _ in .insecure }, log: log)
        #expect(result.weights.map(\.bitPattern) == expected.weights.map(\.bitPattern))
        #expect(log.named("evaluation").count == 6)
        #expect(log.named("evaluation").allSatisfy { $0["withheld"] == .bool(false) })
        #expect(result.rounds.map(\.accuracy) == expected.rounds.map(\.accuracy))
        #expect(result.rounds.allSatisfy { $0.evaluation == .charged && $0.accuracy != nil })
    }

    @Test func healthServiceAnswersOnItsOwnPlaintextPort() async throws {
        let plan = digitsPlan(clients: 2, rounds: 1)
        let certs = try TestCertificates(plan: plan)
        let log = EventLog()
        let server = FederationServer(
            .init(
                plan: plan, host: "127.0.0.1", port: 0, healthPort: 0, security: .mutualTLS(certs.server),
                stateDirectory: temporaryDirectory()),
            log: log.log)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try? await server.run() }
            let healthPort = try await log.port("health_port")
            let federationPort = try await log.port()
            #expect(healthPort != federationPort)
            try await withGRPCClient(
                transport: try HTTP2ClientTransport.Posix(
                    target: .ipv4(address: "127.0.0.1", port: healthPort), transportSecurity: .plaintext)
            ) { client in
                let health = Grpc_Health_V1_Health.Client(wrapping: client)
                var request = Grpc_Health_V1_HealthCheckRequest()
                let overall = try await health.check(request).status
                #expect(overall == .serving)
                request.service = "kfc.federation.v1.Federation"
                let federation = try await health.check(request).status
                #expect(federation == .serving)
                request.service = "no.such.Service"
                await #expect(throws: RPCError.self) { try await health.check(request) }
            }
            group.cancelAll()
        }
    }
}
