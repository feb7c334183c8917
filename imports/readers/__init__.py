"""Readers turn uploaded files into DepartmentTargets plus located problems (see `base`)."""
