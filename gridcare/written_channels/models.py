"""Written channels into the registry: e-mail over IMAP, post, VK, energy retailers' partner API; remote service centres' queues."""
