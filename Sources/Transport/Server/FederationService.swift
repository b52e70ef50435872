import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import X509

/// How the server knows who a client is.
package enum ClientAuthentication: Sendable {
    /// Mutual TLS: the client's certificate, signed by the federation's CA, must carry the
    /// identity URI of the client id the message names; certificates whose serials are listed
    /// in `revoked` are refused.
    case mutualTLS(revoked: Set<String>)
    /// Plaintext (`--insecure`): a client is who its messages say it is.
    case insecure
}

/// The `kfc.federation.v1.Federation` service: checks every message's ids against the caller's
/// certificate and the plan, then hands it to the coordinator.
struct FederationService: Kfc_Federation_V1_Federation.SimpleServiceProtocol {
    let coordinator: FederationCoordinator
    let federation: String
    let authentication: ClientAuthentication
    let log: RuntimeLog

    /// The authenticated client of a message with `ids`, and its certificate's serial.
    private func authenticate(_ ids: WireIds, context: ServerContext) throws(Refusal) -> (String, String?) {
        guard ids.federation == federation else {
            throw Refusal(.federation, "message for federation '\(ids.federation)'; this server runs '\(federation)'")
        }
        switch authentication {
        case .insecure:
            return (ids.client, nil)
        case .mutualTLS(let revoked):
            guard
                let certificate = (context.transportSpecific as? HTTP2ServerTransport.Posix.Context)?.peerCertificate
            else {
                throw Refusal(.identity, "the client presented no certificate")
            }
            let serial = CertificateAuthority.hex(certificate.serialNumber)
            if revoked.contains(serial) {
                throw Refusal(.identity, "the certificate with serial \(serial) is revoked")
            }
            let names = ClientIdentity.identities(of: certificate)
            guard names.contains(where: { $0.federation == federation && $0.client == ids.client }) else {
                let held = names.map { "'\($0.client)' of '\($0.federation)'" }.joined(separator: ", ")
                throw Refusal(
                    .identity,
                    "the certificate names \(held.isEmpty ? "no client" : held); the message is from '\(ids.client)'")
            }
            return (ids.client, serial)
        }
    }

    /// Runs `body`, logging and converting a refusal into its gRPC status.
    private func guarded<T>(
        _ method: String, _ ids: WireIds, _ body: () async throws(Refusal) -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            await coordinator.count(error)
            log(
                RuntimeEvent(
                    "refused",
                    [
                        ("method", .string(method)), ("client", .string(ids.client)), ("round", .int(Int(ids.round))),
                        ("reason", .string(error.reason)),
                    ]))
            throw error.rpcError
        }
    }

    func join(
        request: Kfc_Federation_V1_JoinRequest, context: ServerContext
    ) async throws -> Kfc_Federation_V1_JoinReply {
        try await guarded("join", request.ids) { () throws(Refusal) in
            let (client, serial) = try authenticate(request.ids, context: context)
            try await coordinator.join(
                client: client, features: Int(request.features), classes: Int(request.classes), serial: serial)
            var reply = Kfc_Federation_V1_JoinReply()
            reply.ids = WireIds(federation: federation, round: 0, client: client)
            reply.rounds = UInt32(clamping: coordinator.plan.rounds)
            return reply
        }
    }

    func pullTask(
        request: Kfc_Federation_V1_TaskRequest, response: RPCWriter<Kfc_Federation_V1_TaskMessage>,
        context: ServerContext
    ) async throws {
        let (client, task) = try await guarded("pull", request.ids) { () throws(Refusal) in
            let (client, _) = try authenticate(request.ids, context: context)
            return (client, try await coordinator.nextTask(client: client, after: Int(request.ids.round)))
        }
        guard let task else { throw RPCError(code: .cancelled, message: "the pull was superseded or cancelled") }
        let ids = WireIds(federation: federation, round: task.round, client: client)
        var header = Kfc_Federation_V1_TaskHeader()
        header.ids = ids
        header.kind =
            switch task.kind {
            case .fit: .fit
            case .evaluate: .evaluate
            case .finish: .finish
            }
        header.proximalMu = task.config.proximalMu
        if let lr = task.config.learningRate { header.learningRate = lr }
        header.parameterCount = UInt64(task.weights.count)
        header.features = UInt32(task.features)
        header.classes = UInt32(task.classes)
        var first = WireTaskMessage()
        first.header = header
        try await response.write(first)
        for chunk in Kfc_Federation_V1_ParameterChunk.chunks(of: task.weights, ids: ids) {
            var message = WireTaskMessage()
            message.chunk = chunk
            try await response.write(message)
        }
        if task.kind == .finish { await coordinator.finishDelivered(client) }
    }

    func pushUpdate(
        request: RPCAsyncSequence<Kfc_Federation_V1_UpdateMessage, any Error>, context: ServerContext
    ) async throws -> Kfc_Federation_V1_Receipt {
        var iterator = request.makeAsyncIterator()
        guard let first = try await iterator.next(), case .header(let header)? = first.part else {
            throw RPCError(code: .invalidArgument, message: "an update starts with its header")
        }
        return try await guarded("push", header.ids) { () throws(Refusal) in
            let (client, _) = try authenticate(header.ids, context: context)
            // Only the model's own size is reserved, whatever the header announces.
            guard let expected = await coordinator.parameterCount else {
                throw Refusal(.round, "an update for round \(header.ids.round) before the first round started")
            }
            var assembler: ParameterCodec.Assembler
            do {
                // A client whose budget is spent sends no parameters.
                assembler = try ParameterCodec.Assembler(
                    announced: header.parameterCount, expected: header.budgetExhausted ? 0 : expected)
            } catch {
                throw Refusal(.malformed, String(describing: error))
            }
            do {
                while let message = try await iterator.next() {
                    guard case .chunk(let chunk)? = message.part else {
                        throw Refusal(.malformed, "an update has a second header")
                    }
                    guard chunk.ids == header.ids else {
                        throw Refusal(
                            .malformed,
                            "a parameter chunk for round \(chunk.ids.round) of '\(chunk.ids.client)' in an update for round \(header.ids.round) of '\(header.ids.client)'"
                        )
                    }
                    do { try assembler.append(offset: Int(clamping: chunk.offset), bytes: chunk.values) } catch {
                        throw Refusal(.malformed, String(describing: error))
                    }
                }
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal(.malformed, "the update stream failed: \(error)")
            }
            let weights: [Float]
            do { weights = try assembler.finish() } catch { throw Refusal(.malformed, String(describing: error)) }
            let result = FitResult(
                client: client, weights: weights, examples: Int(clamping: header.examples),
                loss: header.hasLoss ? header.loss : nil, steps: Int(clamping: header.steps),
                epsilon: header.hasEpsilon ? header.epsilon : nil)
            try await coordinator.submitFit(
                result, round: Int(header.ids.round), messageID: header.messageID,
                budgetExhausted: header.budgetExhausted)
            var receipt = Kfc_Federation_V1_Receipt()
            receipt.ids = header.ids
            receipt.messageID = header.messageID
            return receipt
        }
    }

    func reportEvaluation(
        request: Kfc_Federation_V1_EvaluationReport, context: ServerContext
    ) async throws -> Kfc_Federation_V1_Receipt {
        try await guarded("evaluate", request.ids) { () throws(Refusal) in
            let (client, _) = try authenticate(request.ids, context: context)
            try await coordinator.submitEvaluation(
                request.withheld
                    ? nil
                    : EvaluationStatistics(correct: request.correct, lossSum: request.lossSum, rows: request.rows),
                client: client, round: Int(request.ids.round), messageID: request.messageID)
            var receipt = Kfc_Federation_V1_Receipt()
            receipt.ids = request.ids
            receipt.messageID = request.messageID
            return receipt
        }
    }
}
