0# Servers must run two replicas (over the emitted manifests).
.[] | select(.kind == "Deployment" and .spec.replicas < 2) | "deployment '\(.metadata.namespace)/\(.metadata.name)' has \(.spec.replicas) replica"
