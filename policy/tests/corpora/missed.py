from common import Registry
R = Registry("corpus-missed", "x", "x")
