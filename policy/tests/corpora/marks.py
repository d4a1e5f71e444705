from common import Registry
R = Registry("corpus-marks", "x", "x")
