import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RunPlan
import Testing

@testable import Transport

extension RefusalTests {
    /// What a client sends that the server refuses, or sends again, over the real transport is
    /// counted in the round's metrics: a NaN update and an update for a round the client does
    /// not hold (refused: `malformed`, `round`), and an accepted update sent again (`replayed`),
    /// which is acknowledged and not aggregated twice.
    @Test func refusedAndReplayedMessagesAreCountedInTheRoundsMetrics() async throws {
        let plan = Self.plan()
        let certs = try TestCertificates(plan: plan)
        let log = EventLog()
        let server = FederationServer(
            .init(
                plan: plan, host: "127.0.0.1", port: 0, healthPort: nil, security: .mutualTLS(certs.server),
                stateDirectory: temporaryDirectory()),
            log: log.log)
        let run = Task { try await server.run() }
        defer { run.cancel() }
        let port = try await log.port()

        /// Pushes `values` as client `ids.client`'s update with message id `id`; the server's
        /// error, if it refused it.
        func push(
            _ api: Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>, ids: Kfc_Federation_V1_Ids,
            id: String, values: [Float]
        ) async -> RPCError? {
            var header = Kfc_Federation_V1_UpdateHeader()
            header.ids = ids
            header.messageID = id
            header.examples = 10
            header.parameterCount = UInt64(values.count)
            let sent = header
            do {
                _ = try await api.pushUpdate { writer in
                    var first = WireUpdateMessage()
                    first.header = sent
                    try await writer.write(first)
                    for chunk in Kfc_Federation_V1_ParameterChunk.chunks(of: values, ids: ids) {
                        var m = WireUpdateMessage()
                        m.chunk = chunk
                        try await writer.write(m)
                    }
                }
                return nil
            } catch let error as RPCError {
                return error
            } catch {
                Issue.record("\(error)")
                return nil
            }
        }
        func pull(
            _ api: Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>, _ client: String, after round: Int
        ) async throws -> Kfc_Federation_V1_TaskHeader? {
            var request = Kfc_Federation_V1_TaskRequest()
            request.ids = WireIds(federation: plan.federation, round: round, client: client)
            return try await api.pullTask(request) { response in
                var header: Kfc_Federation_V1_TaskHeader?
                for try await m in response.messages { if case .header(let h)? = m.part { header = h } }
                return header
            }
        }
        func evaluate(_ api: Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>, _ client: String)
            async throws
        {
            let task = try #require(try await pull(api, client, after: 1))
            #expect(task.kind == .evaluate)
            var report = Kfc_Federation_V1_EvaluationReport()
            report.ids = task.ids
            report.messageID = "\(client)-evaluate-1"
            report.lossSum = 10
            report.correct = 5
            report.rows = 10
            _ = try await api.reportEvaluation(report)
        }

        try await withAPI(port: port, folder: certs.client("client-0")) { api0 in
            try await withAPI(port: port, folder: certs.client("client-1")) { api1 in
                _ = try await api0.join(join(plan, "client-0"))
                _ = try await api1.join(join(plan, "client-1"))
                let task0 = try #require(try await pull(api0, "client-0", after: 0))
                let task1 = try #require(try await pull(api1, "client-1", after: 0))
                let good = [Float](repeating: 0.25, count: Int(task0.parameterCount))
                var nan = good
                nan[1] = .nan
                #expect(await push(api0, ids: task0.ids, id: "nan", values: nan)?.code == .invalidArgument)
                var future = task0.ids
                future.round = 5
                #expect(await push(api0, ids: future, id: "future", values: good)?.code == .failedPrecondition)
                #expect(await push(api0, ids: task0.ids, id: "fit-0", values: good) == nil)
                #expect(await push(api0, ids: task0.ids, id: "fit-0", values: good) == nil)
                #expect(await push(api1, ids: task1.ids, id: "fit-1", values: good) == nil)
                try await evaluate(api0, "client-0")
                try await evaluate(api1, "client-1")
            }
        }
        let result = try await run.value
        let line = try #require(result.rounds.first)
        #expect(line.clients == 2)
        #expect(line.refused == ["malformed": 1, "round": 1], "\(line.jsonLine())")
        #expect(line.replayed == 1, "\(line.jsonLine())")
        #expect(log.named("refused").count == 2)
        #expect(log.named("replayed").count == 1)
    }
}
