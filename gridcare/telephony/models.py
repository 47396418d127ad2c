"""Calls from any PBX (call-event API, Asterisk AMI bridge), the IVR voice menu (webhook and FastAGI), call statistics."""
