from common import Registry
R = Registry("corpus-numbers_", "x", "x")
