from django.apps import AppConfig


class ChatbotConfig(AppConfig):
    name = "gridcare.chatbot"
    label = "chatbot"
    verbose_name = "Чат-бот «Алсу»"
