#!/bin/bash
# The stand-in's entrypoint, where the real image has upstream's run_backend.sh: the stand-in server in its place.
exec python3 /convex-stand-in/stand_in_backend.py "$@"
