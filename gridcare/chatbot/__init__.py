"""Chat-bot «Алсу»: answers typical questions from a knowledge base, hands off when unsure."""
