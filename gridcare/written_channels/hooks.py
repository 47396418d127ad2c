"""Listeners of the remote service centres' queues, registered by apps above this one.

The contact centre's routing engine keeps every written appeal of a remote centre as
a work item (an interaction of kind «письменное обращение») so the operators' desks
and the wallboard see it, but this app may not import the contact centre
(docs/architecture.md). So the contact centre registers a listener once in its
AppConfig.ready(); services call the listeners inside their transaction."""

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gridcare.written_channels.models import RemoteAssignment


class RemoteQueueListener(Protocol):
    def remote_assignment_changed(self, assignment: "RemoteAssignment") -> None: ...


_listeners: list[RemoteQueueListener] = []


def remote_queue_listener_add(listener: RemoteQueueListener) -> None:
    """Register a listener (idempotent: the same object is added once)."""
    if listener not in _listeners:
        _listeners.append(listener)


def remote_assignment_changed(assignment: "RemoteAssignment") -> None:
    """An appeal entered a remote centre's queue or was given to a specialist."""
    for listener in _listeners:
        listener.remote_assignment_changed(assignment)
