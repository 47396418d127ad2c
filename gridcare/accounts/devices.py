"""A short, human name of a browser or app from its User-Agent, for «Мои сеансы»."""

_BROWSERS = [
    ("YaBrowser", "Яндекс Браузер"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def device_label(user_agent: str) -> str:
    """«Chrome, Android»; the raw string cut short when nothing is recognised."""
    agent = user_agent or ""
    if not agent:
        return "Неизвестное устройство"
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    label = ", ".join(part for part in (browser, system) if part)
    return label or agent[:60]
