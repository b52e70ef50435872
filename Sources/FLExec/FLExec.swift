/// # FLExec
///
/// The federated-learning executor: data loading, models with per-example gradients, DP-SGD,
/// aggregation strategies, the server and client roles, metrics and reports.
enum FLExecModule {}
