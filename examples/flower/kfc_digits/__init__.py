"""kfc-digits: numpy logistic regression on CSV shards, deployed by kfc's Flower target."""
