import { HOST_PATH_FORMAT, type ValueFormat } from "./patterns";

/*
 * A bind source is a path on the Docker host that a container sees (a CA bundle mounted into the backend).
 * Whoever writes the path decides what the container can read: the Docker socket would hand it the engine,
 * /etc/shadow the host's password hashes, / the whole host. So a bind source names one regular file, by its
 * own path, outside the host's runtime and secret folders. The checks are on the path alone, in syntax
 * JavaScript and Terraform's regex (RE2) read alike, so a path given as a token is checked at plan the same
 * way; whether the file exists and is a regular file can only be asked on the Docker host itself.
 */

/** The kernel's and the services' runtime folders (the Docker socket is /run/docker.sock), and Docker's own. */
const RUNTIME_FOLDERS = /^\/(proc|sys|dev|run)(\/|$)|^\/var\/run(\/|$)|^\/var\/lib\/(docker|containerd|kubelet)(\/|$)/;

/**
 * Where the host keeps secrets: root's home, password hashes, sudo rules, ssh host keys, the Docker daemon's
 * TLS keys, private-key folders; and a user's credential folders anywhere.
 */
const SECRET_PLACES =
  /^\/root(\/|$)|^\/etc\/(shadow|gshadow|sudoers|ssh|docker|kubernetes)(\/|-|$)|^\/etc\/(ssl|pki\/tls)\/private(\/|$)|(^|\/)\.(ssh|aws|gnupg|docker|kube)(\/|$)/;

/** What a bind source may be, and why each other path is refused. */
export const BIND_SOURCE_FORMAT: ValueFormat = {
  allowed: "an absolute path to a regular file on the Docker host, outside its runtime and secret folders",
  checks: [
    ...HOST_PATH_FORMAT.checks.map((check) => ({ ...check, problem: "it is not an absolute path without spaces" })),
    {
      pattern: /(^|\/)\.\.?(\/|$)/,
      matches: false,
      problem: "it has a '.' or '..' segment: name the file by its own path",
    },
    {
      pattern: /\/\/|\/$/,
      matches: false,
      problem: "it names a folder (it ends with '/', or is '/') or has an empty segment ('//')",
    },
    {
      pattern: RUNTIME_FOLDERS,
      matches: false,
      problem:
        "it is under /proc, /sys, /dev, /run, /var/run or Docker's own /var/lib/docker: the host's runtime files, the Docker socket among them (mounted, it hands the container the whole engine)",
    },
    {
      pattern: SECRET_PLACES,
      matches: false,
      problem:
        "it is one of the host's secrets (/root, /etc/shadow, /etc/sudoers, /etc/ssh, /etc/docker, a private-key folder, or a .ssh, .aws, .gnupg, .docker or .kube folder)",
    },
  ],
};
