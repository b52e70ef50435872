/// Seeds of the run's randomness.
///
/// `initialization` and `shuffle` drive non-private randomness (initial weights, data order
/// without DP, client sampling without client-level DP). Private randomness (DP noise,
/// Poisson sampling, client sampling under client-level DP) comes from the operating system's
/// cryptographically secure generator unless `insecureSeed` is set — for tests only, since a
/// known seed voids the privacy guarantee.
package struct SeedSpec: Codable, Sendable, Equatable {
    /// Seed of the initial model weights.
    package var initialization: UInt64
    /// Seed of data shuffling and of non-private client sampling.
    package var shuffle: UInt64
    /// Test-only seed of the private randomness; never set in a real deployment.
    package var insecureSeed: UInt64?

    /// Creates seeds.
    package init(initialization: UInt64 = 0, shuffle: UInt64 = 0, insecureSeed: UInt64? = nil) {
        self.initialization = initialization
        self.shuffle = shuffle
        self.insecureSeed = insecureSeed
    }

    enum CodingKeys: String, CodingKey {
        case initialization, shuffle
        case insecureSeed = "insecure_seed"
    }
}
