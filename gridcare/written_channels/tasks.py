"""Background jobs of the written channels: each calls one service and is safe to
repeat (messages, events and deliveries are recorded once)."""

from django_tasks import task

from gridcare.written_channels.imap import mailboxes_poll


@task()
def poll_mailboxes() -> None:
    """Register new e-mail of every active mailbox."""
    mailboxes_poll()


@task()
def send_vk_outbox() -> None:
    """Queue the registry's messages to VK users and send what is pending."""
    from gridcare.written_channels.services.vk import vk_outbox_collect, vk_outbox_send

    vk_outbox_collect()
    vk_outbox_send()


@task()
def deliver_partner_webhooks() -> None:
    """Queue status changes of partners' appeals and deliver the due notices."""
    from gridcare.written_channels.services.partners import (
        webhook_deliver_due,
        webhooks_collect,
    )

    webhooks_collect()
    webhook_deliver_due()


@task()
def assign_remote_queues() -> None:
    """Give waiting appeals of the remote centres to specialists with capacity."""
    from gridcare.written_channels.services.remote import remote_queue_assign_waiting

    remote_queue_assign_waiting()
