import FLExec
import Foundation
import GRPCCore

/// Short names for the generated messages of `kfc.federation.v1`.
package typealias WireIds = Kfc_Federation_V1_Ids
package typealias WireTaskMessage = Kfc_Federation_V1_TaskMessage
package typealias WireUpdateMessage = Kfc_Federation_V1_UpdateMessage

extension Kfc_Federation_V1_Ids {
    /// Ids of `client` in `federation` at `round`.
    package init(federation: String, round: Int, client: String) {
        self.init()
        self.federation = federation
        self.round = UInt32(clamping: round)
        self.client = client
    }
}

extension Refusal {
    /// The gRPC status a refusal is sent as.
    var rpcError: RPCError {
        let code: RPCError.Code
        switch kind {
        case .identity, .client: code = .permissionDenied
        case .federation, .malformed: code = .invalidArgument
        case .round: code = .failedPrecondition
        case .notJoined: code = .notFound
        }
        return RPCError(code: code, message: reason)
    }
}

/// The message id of a client's result: unique per federation, client, round and kind, and the
/// same when a result is sent again.
package func messageID(federation: String, client: String, round: Int, kind: ClientTask.Kind) -> String {
    "\(federation)/\(client)/\(round)/\(kind.rawValue)"
}

extension Kfc_Federation_V1_ParameterChunk {
    /// The chunks that carry `values` after a task's or an update's header, each tagged `ids`.
    static func chunks(of values: [Float], ids: WireIds) -> [Kfc_Federation_V1_ParameterChunk] {
        ParameterCodec.chunks(values).map { offset, bytes in
            var chunk = Kfc_Federation_V1_ParameterChunk()
            chunk.ids = ids
            chunk.offset = UInt64(offset)
            chunk.values = bytes
            return chunk
        }
    }
}
