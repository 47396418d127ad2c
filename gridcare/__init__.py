"""gridcare: the consumer service system of an electricity distribution grid company."""
