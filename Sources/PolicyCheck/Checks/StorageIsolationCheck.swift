import KFLang

/// Checks that every client reads its data where it runs and reads nobody else's: the
/// manifest half of `require dataset_local(...)` (see `StorageIsolation`).
///
/// Fails when: a client pod is pinned to a node its volume is not on, so it can never be scheduled
/// (KF3050); two clients can read overlapping host paths on one node — equal, or one a folder above
/// the other — unless both read exactly the same file (KF3051); a client pod is pinned to no node
/// although its volume is node-local (KF3052).
package enum StorageIsolationCheck: ModelCheck {
    /// The rule id.
    package static let id = StorageIsolation.rule

    /// `run`.
    package static func run(_ ctx: CheckContext) -> [Finding] {
        StorageIsolation.violations(ctx).map(\.finding)
    }
}
