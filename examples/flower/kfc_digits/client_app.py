"""The ClientApp: trains and evaluates on the shard its SuperNode's `--node-config` names."""

from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from kfc_digits import task

app = ClientApp()


def _data(context: Context):
    # kfc's SuperNode passes `data-path=` (the dataset mounted read-only in the pod).
    x, y = task.load(str(context.node_config["data-path"]))
    return task.split(x, y)


@app.train()
def train(msg: Message, context: Context) -> Message:
    params = msg.content["arrays"].to_numpy_ndarrays()
    (x, y), _ = _data(context)
    params = task.train(
        params, x, y, int(context.run_config["local_epochs"]), float(context.run_config["learning_rate"])
    )
    # Every client weighs the same: weighting by examples would let one client's data move the
    # average by more than the clipping norm allows for (client-level DP).
    metrics = MetricRecord({"weight": 1, "num-examples": len(y)})
    return Message(RecordDict({"arrays": ArrayRecord(params), "metrics": metrics}), reply_to=msg)


@app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    params = msg.content["arrays"].to_numpy_ndarrays()
    _, (x, y) = _data(context)
    loss, accuracy = task.evaluate(params, x, y)
    metrics = MetricRecord({"eval-loss": loss, "eval-accuracy": accuracy, "weight": len(y)})
    return Message(RecordDict({"metrics": metrics}), reply_to=msg)
