"""The voice menu engine: the menu is data (`IvrNode`, `IvrChoice`); `engine.ivr_step`
turns the caller's input into the next instruction for the PBX; `actions` are the
self-service actions."""
