0.[] | .metadata.name | length
