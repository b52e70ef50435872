/// # Privacy
///
/// Differential-privacy accounting for the Poisson-subsampled Gaussian mechanism with
/// add/remove-one neighbours (DP-SGD, DP-FedAvg). Depends on nothing but Foundation; never
/// optimistic. User documentation: `docs/privacy.md`.
///
/// - `SubsampledGaussian(q:sigma:)`: the mechanism (validated: q ∈ (0, 1], σ > 0).
/// - `RDPAccountant`: exact per-order RDP (integer orders by the binomial sum, fractional orders by
///   the exact series of Mironov, Talwar and Zhang 2019 with its alternating tail summed by
///   Cohen–Rodriguez Villegas–Zagier acceleration), composed over steps; `epsilon(delta:)` converts
///   with the improved bound (Canonne–Kamath–Steinke 2020, Balle et al. 2020) and reports the order.
///   One query costs one RDP curve (≈0.4 ms), independent of the number of steps.
/// - `PLDAccountant`: privacy-loss distributions, connect-the-dots discretisation, FFT composition;
///   pessimistic, tighter than RDP, slower (0.1–3 s).
/// - `PrivacyAccountant`: the protocol both accountants satisfy; `AccountantKind` names one.
/// - `PrivacyUnit` and `PrivacySchedule`: what a job's batch, records, epochs, rounds and
///   participation make of q and steps, for every unit; the budget proof, the run plan and the
///   executor all take it from here.
/// - `PrivacyLedger`: the one ledger type, a Codable record of heterogeneous compositions;
///   `epsilon(delta:accountant:)`, `wouldExceed(budget:delta:adding:steps:)`. The budget proof
///   composes it; the executor persists it (FLExec's `LedgerStore`).
/// - `NoiseSolver.smallestSigma(q:steps:epsilon:delta:)` and
///   `StepSolver.maxSteps(mechanism:epsilon:delta:)`: inverse problems, throwing `PrivacyError`.
enum PrivacyModule {}
