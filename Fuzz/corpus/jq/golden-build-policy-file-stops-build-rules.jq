0.[] | select(.kind == "Service") | "service '\(.metadata.name)' is not allowed"
