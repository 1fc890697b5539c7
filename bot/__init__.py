"""Telegram face of the product: wiring, handlers, texts, keyboards, sender, feed watcher."""
