/// Time limits of the transport, in seconds.
package struct TimeoutSpec: Codable, Sendable, Equatable {
    /// How long the server waits for a round's updates before aggregating what it has.
    package var roundSeconds: Double
    /// How long a client keeps retrying to reach the server.
    package var connectSeconds: Double

    /// Creates time limits.
    package init(roundSeconds: Double = 600, connectSeconds: Double = 120) {
        self.roundSeconds = roundSeconds
        self.connectSeconds = connectSeconds
    }

    enum CodingKeys: String, CodingKey {
        case roundSeconds = "round_seconds"
        case connectSeconds = "connect_seconds"
    }
}
