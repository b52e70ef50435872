/// # FLExec
///
/// The federated-learning executor: it carries out a `RunPlan`.
///
/// - `Data/`: `CSVLoader` (positioned `DataError`s), `FeatureScaler`, the train/evaluation
///   split, and `DataSplit` (IID or Dirichlet shards for `kfc data split`).
/// - `Model/`: `Network` (logistic regression, or an MLP with one or two ReLU layers) over a
///   flat `[Float]` parameter vector, with SIMD `Kernels`, per-example gradients whose norms
///   come from the backward pass, and `ModelCheckpoint`.
/// - `Training/`: `LocalTrainer`, mini-batch SGD (momentum, weight decay, FedProx term) or
///   DP-SGD (Poisson sampling, per-example clipping, Gaussian noise).
/// - `Random/`: `SeededGenerator` for non-private randomness, `SecureGenerator` (ChaCha20 keyed
///   from the kernel) behind `NoiseGenerator` for DP noise and sampling, `RandomSampling`.
/// - `Privacy/`: `LedgerStore`, which keeps a data owner's `PrivacyLedger` (the `Privacy`
///   module's one ledger type), enforces its budget and persists every charge before an update
///   leaves.
/// - `Strategies/`: FedAvg, FedProx, FedAdam/FedYogi/FedAdagrad, FedMedian, trimmed mean, Krum,
///   Multi-Krum, and `ClientLevelDP` (DP-FedAvg).
/// - `Roles/`: `ClientRole.fit`/`evaluate` and `ServerRole.selectClients`/`aggregate`, the
///   transport-independent halves of `kfc exec client` and `kfc exec server`.
/// - `Simulation/`: `FederatedSimulation`, every role in one process (`kfc run`), with
///   `RoundMetrics` per round.
enum FLExecModule {}
