#!/usr/bin/env bash
# Write a Terraform CLI config that installs hashicorp/* providers from the local
# filesystem mirror shipped with the machine image (no registry is reachable here),
# and print its path: use it as TF_CLI_CONFIG_FILE=$(scripts/services/terraform-cli-config.sh).
# Only the path goes to stdout; errors go to stderr.
set -euo pipefail
# shellcheck source=scripts/services/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

D="$SERVICES_DIR/terraform"
OUT="$D/terraform.rc"
AWS_VERSION=${TF_AWS_PROVIDER_VERSION:-5.100.0}
PROBE="registry.terraform.io/hashicorp/aws/$AWS_VERSION"

# The mirror root is the folder holding registry.terraform.io/hashicorp/aws/<v>/.
# Look in the usual places rather than trusting one hard-coded path.
find_mirror() {
  local c base r
  for c in ${TF_PROVIDER_MIRROR_DIR:-} /opt/tf-plugins /usr/share/terraform/plugins \
    /usr/local/share/terraform/plugins "${HOME:-/root}/.terraform.d/plugins" \
    "${HOME:-/root}/.local/share/terraform/plugins"; do
    [ -d "$c/$PROBE" ] && { echo "$c"; return 0; }
  done
  # Shallow search: mirror roots sit a few levels below these prefixes.
  for base in /opt /usr/local/share /usr/share /usr/local/lib /var/lib; do
    [ -d "$base" ] || continue
    while IFS= read -r r; do
      r=$(dirname "$r")
      [ -d "$r/$PROBE" ] && { echo "$r"; return 0; }
    done < <(find "$base" -maxdepth 4 -type d -name registry.terraform.io 2>/dev/null)
  done
  return 1
}

if ! MIRROR=$(find_mirror); then
  echo "terraform-cli-config: FAILED: no filesystem mirror holding $PROBE found" \
    "(set TF_PROVIDER_MIRROR_DIR to its root)" >&2
  exit 1
fi

mkdir -p "$D"
# No plugin_cache_dir: `terraform init` only symlinks providers from an unpacked
# mirror (0.6-1 s, no 675 MB copy), so a shared cache would save nothing.
tmp=$(mktemp "$D/terraform.rc.XXXXXX")
cat >"$tmp" <<EOF
# Written by scripts/services/terraform-cli-config.sh
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF
mv -f "$tmp" "$OUT"   # atomic, so concurrent callers never read half a file
echo "$OUT"
