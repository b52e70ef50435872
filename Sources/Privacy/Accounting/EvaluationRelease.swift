/// What a client's evaluation of the global model releases to the server under differential
/// privacy (a `privacy` block's `evaluation` field).
///
/// The evaluation rows are the client's private data as much as its training rows are: their
/// correct count, loss and row count say something about each record. `withheld` (the default)
/// keeps them on the client; `charged` releases them through the Gaussian mechanism (q = 1, the
/// federation's noise multiplier) once a round, and the releases are composed with the training
/// steps in the same ledger (`PrivacySchedule.evaluationsPerRound`).
package enum EvaluationRelease: String, ClosedStringEnum {
    /// For messages.
    package static let noun = "evaluation release"

    /// No evaluation statistic leaves a client: nothing is released, nothing is charged.
    case withheld
    /// Each round's evaluation statistics are released with Gaussian noise and charged.
    case charged
}
