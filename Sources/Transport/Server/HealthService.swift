import GRPCCore

/// The standard `grpc.health.v1.Health` service, served on the plaintext health port.
///
/// The overall status (service "") and `kfc.federation.v1.Federation` are SERVING once the plan
/// is loaded and the federation port accepts connections; any other service name is NOT_FOUND
/// (Check) or SERVICE_UNKNOWN (Watch), as the specification says.
struct HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
    /// The federation service's full name.
    static let federationService = "kfc.federation.v1.Federation"

    let coordinator: FederationCoordinator

    private func status(of service: String) async -> Grpc_Health_V1_HealthCheckResponse.ServingStatus? {
        guard service.isEmpty || service == Self.federationService else { return nil }
        return await coordinator.accepting ? .serving : .notServing
    }

    func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        guard let status = await status(of: request.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        var response = Grpc_Health_V1_HealthCheckResponse()
        response.status = status
        return response
    }

    func list(
        request: Grpc_Health_V1_HealthListRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthListResponse {
        var response = Grpc_Health_V1_HealthListResponse()
        for name in ["", Self.federationService] {
            var entry = Grpc_Health_V1_HealthCheckResponse()
            entry.status = await status(of: name) ?? .unknown
            response.statuses[name] = entry
        }
        return response
    }

    func watch(
        request: Grpc_Health_V1_HealthCheckRequest, response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        var last: Grpc_Health_V1_HealthCheckResponse.ServingStatus?
        while !Task.isCancelled {
            let now = await status(of: request.service) ?? .serviceUnknown
            if now != last {
                var message = Grpc_Health_V1_HealthCheckResponse()
                message.status = now
                try await response.write(message)
                last = now
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}
