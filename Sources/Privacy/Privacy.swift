/// # Privacy
///
/// Differential-privacy accounting for the Poisson-subsampled Gaussian mechanism: an RDP
/// accountant, RDP → (ε, δ) conversion, a PLD accountant, a ledger composing heterogeneous
/// mechanisms, and solvers for the noise multiplier and the number of steps.
///
/// Depends on nothing but Foundation; never optimistic.
enum PrivacyModule {}
