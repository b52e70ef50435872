0.[] | select(.kind == "Pod" and (.metadata.labels.team // null) == null) | "pod '\(.metadata.name)' has no team label"
