/// The exit codes of every `kfc` command, and the contract that the emitted Jobs'
/// `podFailurePolicy` keys on: a failure that retrying cannot mend (a bad plan, certificate or
/// data; a usage error; a bug) fails the Job at once, a retryable one (the server unreachable,
/// a connection lost, a round that could not complete) counts against its `backoffLimit`.
package enum ExitCode {
    /// Success.
    package static let ok: Int32 = 0
    /// Input, policy or configuration errors: the plan, the data, the credentials, the state
    /// folder; a refusal by the server. Not retryable.
    package static let inputError: Int32 = 1
    /// A command-line usage error (BSD `EX_USAGE`). Not retryable.
    package static let usage: Int32 = 64
    /// An internal error (BSD `EX_SOFTWARE`). Not retryable.
    package static let `internal`: Int32 = 70
    /// A temporary failure (BSD `EX_TEMPFAIL`): the server could not be reached or the
    /// federation could not go on for now; running again on the same state may succeed.
    package static let retryable: Int32 = 75
    /// The codes a Job fails on at once.
    package static let permanent: [Int32] = [inputError, usage, `internal`]
}
