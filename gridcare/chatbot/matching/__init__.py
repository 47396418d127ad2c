"""Matching engine of the chat-bot: pure Python, no Django models.

Matcher(embedder, articles).reply(message) -> Reply (answer, clarify, handoff, smalltalk).
"""
