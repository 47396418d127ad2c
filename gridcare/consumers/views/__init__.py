"""Pages of consumers: back office (the consumer card), the personal account and the self-service identity pages."""
