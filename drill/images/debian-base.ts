import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DockerCli } from "./docker-cli";
import { RECIPE_HASH_LABEL, STAND_IN_PREFIX } from "./labels";

/**
 * The one root file system every drill image is built on: Debian's minimal base plus the packages the images
 * take their tools from, made once with debootstrap and imported into the engine, where it stays as the
 * image `convex-stack-drill/base:<hash of this recipe>` (the engine is the cache: a second run finds it).
 *
 * trixie, because its sqlite3 is 3.46.1, the version of the pinned keinos/sqlite3:3.46.1. Its rclone is
 * 1.60.1 where the pinned rclone/rclone is 1.68.2: the sidecar's command uses only options 1.60 has.
 */
const BASE_RECIPE = {
  suite: "trixie",
  variant: "minbase",
  /** What the images take from it: the sidecars' tools and shell, the stand-ins' server and healthcheck tool. */
  packages: [
    // The shell and utilities of the Alpine-based sidecar images (BusyBox ash), statically linked.
    "busybox-static",
    // keinos/sqlite3's tool.
    "sqlite3",
    // rclone/rclone's tool, with the CA certificates and time zones that image installs.
    "rclone",
    "ca-certificates",
    "tzdata",
    // The upstream backend and dashboard images' healthcheck tool (self-hosted/docker-build/Dockerfile.*).
    "curl",
    // The stand-ins' server, and the PostgreSQL client the backend stand-in uses with POSTGRES_URL.
    "python3",
    "python3-psycopg2",
    // Debian's Caddy, for the front door's proxy image.
    "caddy",
  ],
} as const;

const BASE_REPOSITORY = `${STAND_IN_PREFIX}/base`;

/** The base image's reference: its tag is the hash of the recipe, so a changed recipe is a new image. */
export function baseReference(): string {
  return `${BASE_REPOSITORY}:${recipeHash(BASE_RECIPE).slice(0, 16)}`;
}

function recipeHash(recipe: unknown): string {
  return createHash("sha256").update(JSON.stringify(recipe)).digest("hex");
}

/** Builds the base image unless the engine has it already; resolves to its reference. */
export async function ensureBase(docker: DockerCli, say: (line: string) => void): Promise<string> {
  const reference = baseReference();
  const hash = recipeHash(BASE_RECIPE);
  if ((await docker.imageLabels(reference))?.[RECIPE_HASH_LABEL] === hash) return reference;
  if (process.getuid?.() !== 0)
    throw new Error(
      `building ${reference} needs root (debootstrap): run as root once, or on a machine where the engine has the image`,
    );
  const mirror = debianMirror();
  const root = mkdtempSync(join(tmpdir(), "convex-stack-base-"));
  try {
    say(`building ${reference}: debootstrap ${BASE_RECIPE.suite} from ${mirror} (once per recipe)`);
    await run("debootstrap", [
      `--variant=${BASE_RECIPE.variant}`,
      `--include=${BASE_RECIPE.packages.join(",")}`,
      BASE_RECIPE.suite,
      root,
      mirror,
    ]);
    // The package lists and downloaded .debs are debootstrap's, not the images'.
    for (const dir of ["var/cache/apt/archives", "var/lib/apt/lists"])
      for (const entry of readdirSync(join(root, dir)))
        if (entry.endsWith(".deb") || entry.endsWith("_Packages")) rmSync(join(root, dir, entry), { force: true });
    const versions = await run("chroot", [
      root,
      "dpkg-query",
      "-W",
      "-f",
      "${Package}=${Version} ",
      ...BASE_RECIPE.packages,
    ]);
    await docker.importFolder(root, reference, [
      `LABEL ${RECIPE_HASH_LABEL}=${hash}`,
      `LABEL ${STAND_IN_PREFIX}.debian-packages="${versions.trim()}"`,
      `LABEL ${STAND_IN_PREFIX}.debian-mirror="${mirror}"`,
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      'CMD ["/bin/sh"]',
    ]);
    return reference;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The Debian archive apt uses on this machine (the first `.../debian` URI in /etc/apt/sources.list*), or
 * CONVEX_STACK_DEBIAN_MIRROR.
 */
function debianMirror(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONVEX_STACK_DEBIAN_MIRROR) return env.CONVEX_STACK_DEBIAN_MIRROR;
  const files = ["/etc/apt/sources.list"];
  try {
    for (const entry of readdirSync("/etc/apt/sources.list.d").sort())
      if (entry.endsWith(".list") || entry.endsWith(".sources")) files.push(join("/etc/apt/sources.list.d", entry));
  } catch {
    // No sources.list.d: only sources.list.
  }
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const uri = /^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(https?:\/\/\S+\/debian)\/?(?:\s|$)/m.exec(text)?.[1];
    if (uri) return uri;
  }
  throw new Error(
    "no Debian archive found in /etc/apt/sources.list or /etc/apt/sources.list.d: set CONVEX_STACK_DEBIAN_MIRROR to one (e.g. http://deb.debian.org/debian)",
  );
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new Error(
            `${command} failed: ${(stderr || stdout).trim().split("\n").slice(-5).join(" | ") || error.message}`,
          ),
        );
      else resolve(stdout);
    });
  });
}
