"""Qt widgets: the console window, the wall, its tiles and panels."""
