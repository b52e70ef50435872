0.[] | select(.kind ==
