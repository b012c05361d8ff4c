"""The message catalogue and its rendering in Chinese and English."""
