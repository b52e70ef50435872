/// How rows are dealt to clients.
package enum PartitionScheme: Sendable, Equatable {
    /// Uniformly at random, in shards whose sizes differ by at most one.
    case iid
    /// Label skew: each class is divided among the clients in Dirichlet(alpha) proportions
    /// (smaller alpha, more skew), as in Hsu et al. 2019.
    case dirichlet(alpha: Double)
}
