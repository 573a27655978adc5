"""The wall, without Qt: layouts and what each tile plays."""
