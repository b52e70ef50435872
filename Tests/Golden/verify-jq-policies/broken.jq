.[] | select(.kind ==
