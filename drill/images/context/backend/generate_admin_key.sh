#!/bin/bash
# Where the real image has upstream's generate_admin_key.sh: a key of the same shape (<instance name>|<hex>)
# that nothing accepts, since the stand-in checks no keys.
set -e
credentials=/convex/data/credentials
name=$(cat "$credentials/instance_name")
echo "stand-in backend: this admin key has the real one's shape and is accepted by nothing" >&2
echo "$name|$(cat "$credentials/instance_name" "$credentials/instance_secret" | sha256sum | cut -d' ' -f1)"
