from common import Registry
R = Registry("corpus-attachments", "x", "x")
