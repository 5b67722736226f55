"""The spoken edition: what a good announcer would say, sentence by sentence (`normalise`)."""
