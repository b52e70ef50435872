.[] | .metadata.name | length
