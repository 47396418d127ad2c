"""Live chat with specialists, operator queues and routing, the operator desk."""
