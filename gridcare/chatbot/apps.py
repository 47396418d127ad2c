from django.apps import AppConfig


class ChatbotConfig(AppConfig):
    name = "gridcare.chatbot"
    label = "chatbot"
    verbose_name = "Чат-бот «Алсу»"

    def ready(self) -> None:
        # The conversation mirrors its live chat's messages (contact_centre.hooks).
        from gridcare.chatbot.handoff import register_listener

        register_listener()
