"""Services without widgets: QR codes, media, statistics, paths."""
