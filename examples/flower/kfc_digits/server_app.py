"""The ServerApp: FedAvg wrapped in Flower's server-side fixed-clipping DP, with kfc's noise.

kfc passes the rounds, the sampling (training and evaluation) and the noise multiplier σ it solved in the run config
(`kfc build --target flower` writes it). The ServerApp logs the σ it uses (`kfc: noise
multiplier …`), so a run shows that it spends what kfc proved.
"""

from logging import INFO

from flwr.app import ArrayRecord, Context
from flwr.common.logger import log
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import DifferentialPrivacyServerSideFixedClipping, FedAvg

from kfc_digits import task

app = ServerApp()


class StrictFixedClipping(DifferentialPrivacyServerSideFixedClipping):
    """Server-side fixed clipping that skips a round unless every sampled client replied.

    The noise is scaled to `num_sampled_clients` (σ·C / m on the mean); averaging fewer replies
    would give each one more weight than the noise covers, so such a round releases nothing.
    """

    def aggregate_train(self, server_round, replies):
        replies = list(replies)
        answered = sum(1 for r in replies if not r.has_error())
        if answered != self.num_sampled_clients:
            log(INFO, "kfc: round %d skipped: %d of %d replies", server_round, answered, self.num_sampled_clients)
            return None, None
        return super().aggregate_train(server_round, replies)


@app.main()
def main(grid: Grid, context: Context) -> None:
    config = context.run_config
    strategy = FedAvg(
        fraction_train=float(config["fraction-train"]),
        # 0.0 under privacy (evaluation: withheld): no client evaluates, nothing unaccounted leaves.
        fraction_evaluate=float(config["fraction-evaluate"]),
        min_train_nodes=int(config["min-train-nodes"]),
        min_evaluate_nodes=0 if float(config["fraction-evaluate"]) == 0.0 else int(config["min-available-nodes"]),
        min_available_nodes=int(config["min-available-nodes"]),
        weighted_by_key="weight",
    )
    sigma = float(config["noise-multiplier"])
    if sigma > 0:
        strategy = StrictFixedClipping(
            strategy,
            noise_multiplier=sigma,
            clipping_norm=float(config["clipping-norm"]),
            num_sampled_clients=int(config["num-sampled-clients"]),
        )
    log(INFO, "kfc: noise multiplier %r, clipping norm %r", sigma, float(config["clipping-norm"]))
    result = strategy.start(
        grid=grid,
        initial_arrays=ArrayRecord(task.initial()),
        num_rounds=int(config["num-server-rounds"]),
    )
    log(INFO, "kfc: finished %d rounds", int(config["num-server-rounds"]))
    del result
