"""Messages in Chinese and English: the catalogue (data) and its rendering, imported from here."""

from briefing.messages.render import MAX_SHOWN, Bilingual, joined, language, printable, render_message

__all__ = ["MAX_SHOWN", "Bilingual", "joined", "language", "printable", "render_message"]
