/// Time limits of the transport, in seconds.
package struct TimeoutSpec: Codable, Sendable, Equatable {
    /// How long the server waits for a round's updates before aggregating what it has.
    package var roundSeconds: Double
    /// How long a client keeps retrying to reach the server.
    package var connectSeconds: Double
    /// The heartbeat both ways: each side sends an HTTP/2 PING after this many seconds without
    /// hearing from the other, and closes the connection when the answer takes as long again.
    /// A peer that vanished without closing its connection (a dead node, a partition, a frozen
    /// process) is noticed within twice this time instead of hanging a client for ever.
    package var heartbeatSeconds: Double

    /// The heartbeat of plans that do not set one.
    package static let defaultHeartbeatSeconds = 10.0
    /// The longest any limit may be: a year.
    static let maxSeconds = 31_536_000.0

    /// Creates time limits.
    package init(
        roundSeconds: Double = 600, connectSeconds: Double = 120,
        heartbeatSeconds: Double = TimeoutSpec.defaultHeartbeatSeconds
    ) {
        self.roundSeconds = roundSeconds
        self.connectSeconds = connectSeconds
        self.heartbeatSeconds = heartbeatSeconds
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roundSeconds = try c.decode(Double.self, forKey: .roundSeconds)
        connectSeconds = try c.decode(Double.self, forKey: .connectSeconds)
        heartbeatSeconds =
            try c.decodeIfPresent(Double.self, forKey: .heartbeatSeconds) ?? Self.defaultHeartbeatSeconds
    }

    /// The problems of these limits (each must be a positive number of seconds, at most a year).
    package func validationProblems() -> [String] {
        [("round_seconds", roundSeconds), ("connect_seconds", connectSeconds), ("heartbeat_seconds", heartbeatSeconds)]
            .compactMap { name, value in
                value > 0 && value <= Self.maxSeconds
                    ? nil : "'timeouts.\(name)' must be in (0, \(Int(Self.maxSeconds))] seconds"
            }
    }

    enum CodingKeys: String, CodingKey {
        case roundSeconds = "round_seconds"
        case connectSeconds = "connect_seconds"
        case heartbeatSeconds = "heartbeat_seconds"
    }
}
