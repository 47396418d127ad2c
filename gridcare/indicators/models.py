"""Indicators of Приказ Минэнерго № 1256: Пsaidi, Пsaifi, quality of connection, customer service."""
