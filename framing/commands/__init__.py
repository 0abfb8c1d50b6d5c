"""The CLI's commands besides `run`: validate, features (docs), outlets, compare."""
