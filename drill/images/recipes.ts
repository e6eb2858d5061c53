import { BACKEND_IMAGE } from "../../constructs/domain";
import { IMAGE_REVISION_LABEL } from "../../upgrades/backend-image";
import { type JournalMode, journalModeAt } from "./journal-mode";

/** What a recipe is asked for: the tag of the reference being built, and the drill's switches. */
export interface RecipeInput {
  readonly tag: string;
  /** The backend stand-in's journal mode. @default the mode upstream's backend uses at the tag (journalModeAt) */
  readonly journalMode?: JournalMode;
}

/** How one pinned image is made here, from the base root file system, with a thin `docker build`. */
export interface ImageRecipe {
  /** The image repository the stack pins: every reference `<repository>:<tag>` is built by this recipe. */
  readonly repository: string;
  /** True when the image only imitates the real one (the Convex images); false when it runs the real tool. */
  readonly standIn: boolean;
  /** One line: what serves in place of the pinned image. */
  describe(input: RecipeInput): string;
  /** The Dockerfile, `FROM` the base image. */
  dockerfile(base: string, input: RecipeInput): string;
  /** Folders under drill/images/context/ the build copies from. */
  readonly context: readonly string[];
  /** Generated files of the build context, by name. @default none */
  generated?(input: RecipeInput): Readonly<Record<string, string>>;
}

/** Package versions of the base (Debian trixie), quoted by the recipes that stand in with them. */
const DEBIAN = { sqlite3: "3.46.1", rclone: "1.60.1", busybox: "1.37.0", caddy: "2.6.2" } as const;

/**
 * The tools stage every Alpine-like image starts with: BusyBox (statically linked) as /bin/sh with every
 * applet in /bin, then the image's tools with the libraries they load.
 */
function alpineLike(base: string, collect: string): string {
  return [
    `FROM ${base} AS tools`,
    "COPY tools/collect-tools.sh /collect-tools.sh",
    `RUN sh /collect-tools.sh /out ${collect}`,
    "FROM scratch",
    "COPY --from=tools /out/ /",
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  ].join("\n");
}

/**
 * keinos/sqlite3 (github.com/KEINOS/Dockerfile_of_SQLite3, Dockerfile): Alpine, sqlite3 at /usr/bin, a
 * system user `sqlite` it runs as, `CMD /usr/bin/sqlite3`, and a HEALTHCHECK of its own.
 */
const SNAPSHOT_RECIPE: ImageRecipe = {
  repository: "keinos/sqlite3",
  standIn: false,
  describe: () =>
    `Debian's sqlite3 ${DEBIAN.sqlite3} (the pinned image's SQLite version) under BusyBox ${DEBIAN.busybox} ash, in place of the Alpine image`,
  context: ["tools"],
  dockerfile: (base) =>
    [
      // util-linux's flock stands in for BusyBox's flock applet, which Alpine's BusyBox has and Debian's lacks.
      alpineLike(base, "--tool /usr/bin/sqlite3=/usr/bin/sqlite3 --tool /usr/bin/flock=/usr/bin/flock"),
      // Alpine's `addgroup -S` / `adduser -S` take the first free system ids.
      "RUN echo 'sqlite:x:100:101:Linux User,,,:/home/sqlite:/sbin/nologin' >> /etc/passwd && echo 'sqlite:x:101:sqlite' >> /etc/group && mkdir -p /home/sqlite && chown 100:101 /home/sqlite",
      "USER sqlite",
      "CMD /usr/bin/sqlite3",
      "HEALTHCHECK --start-period=1m --interval=5m --timeout=3s CMD /usr/bin/sqlite3 --version || exit 1",
    ].join("\n"),
};

/**
 * rclone/rclone (rclone's Dockerfile at v1.68.2): Alpine with ca-certificates, fuse3 and tzdata, rclone at
 * /usr/local/bin, user rclone (1009), `ENTRYPOINT ["rclone"]`, WORKDIR /data, XDG_CONFIG_HOME=/config.
 * No FUSE here: the sidecar copies, it never mounts.
 */
const SYNC_RECIPE: ImageRecipe = {
  repository: "rclone/rclone",
  standIn: false,
  describe: (input) =>
    `Debian's rclone ${DEBIAN.rclone} (the pinned image has ${input.tag}; the sidecar uses only options ${DEBIAN.rclone} has) under BusyBox ${DEBIAN.busybox} ash, in place of the Alpine image`,
  context: ["tools"],
  dockerfile: (base) =>
    [
      alpineLike(
        base,
        "--tool /usr/bin/rclone=/usr/local/bin/rclone --tool /usr/bin/flock=/usr/bin/flock --copy /etc/ssl/certs --copy /usr/share/ca-certificates --copy /usr/share/zoneinfo",
      ),
      "RUN echo 'rclone:x:1009:1009:Linux User,,,:/home/rclone:/bin/sh' >> /etc/passwd && echo 'rclone:x:1009:rclone' >> /etc/group && mkdir -p /home/rclone /data && chown 1009:1009 /home/rclone",
      'ENTRYPOINT ["rclone"]',
      "WORKDIR /data",
      "ENV XDG_CONFIG_HOME=/config",
    ].join("\n"),
};

/**
 * The front door's image, caddy (github.com/caddyserver/caddy-docker, 2.11/alpine/Dockerfile): Alpine with
 * ca-certificates, caddy at /usr/bin/caddy, XDG_CONFIG_HOME=/config and XDG_DATA_HOME=/data, root, no
 * HEALTHCHECK. Debian's older caddy stands in: it reads the same JSON keys the door's configuration uses
 * (constructs/domain/caddy-configuration.ts), but it is not the pinned release, so it is labelled a stand-in.
 */
const PROXY_RECIPE: ImageRecipe = {
  repository: "caddy",
  standIn: true,
  describe: (input) =>
    `Debian's caddy ${DEBIAN.caddy} standing in for caddy:${input.tag}, under BusyBox ${DEBIAN.busybox} ash`,
  context: ["tools"],
  dockerfile: (base) =>
    [
      alpineLike(base, "--tool /usr/bin/caddy=/usr/bin/caddy --copy /etc/ssl/certs --copy /usr/share/ca-certificates"),
      "RUN mkdir -p /config/caddy /data/caddy /etc/caddy /usr/share/caddy",
      "ENV XDG_CONFIG_HOME=/config",
      "ENV XDG_DATA_HOME=/data",
      "WORKDIR /srv",
      "EXPOSE 80",
      "EXPOSE 443",
      'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]',
    ].join("\n"),
};

/** What the Debian base has that upstream's Ubuntu-based Convex images lack: gone from the stand-ins. */
const NOT_IN_CONVEX_IMAGES = "/usr/bin/busybox /usr/bin/sqlite3 /usr/bin/rclone /usr/bin/caddy";

/**
 * The backend (upstream's self-hosted/docker-build/Dockerfile.backend at 652b828b, as at a9a760ca: Ubuntu
 * noble with curl and ca-certificates, WORKDIR /convex, VOLUME /convex/data, its entrypoint run_backend.sh,
 * the revision label). The stand-in keeps that shape, with a Python server in place of convex-local-backend; its
 * healthcheck tool is curl, as the real image's.
 */
const BACKEND_RECIPE: ImageRecipe = {
  repository: BACKEND_IMAGE,
  standIn: true,
  describe: (input) =>
    `stand-in for ${BACKEND_IMAGE}:${input.tag}, not Convex: an HTTP server on 3210/3211 keeping SQLite in journal mode ${journalModeOf(input)}`,
  context: ["backend"],
  generated: (input) => ({
    "stand-in.json": `${JSON.stringify({ revision: input.tag, journalMode: journalModeOf(input) })}\n`,
  }),
  dockerfile: (base, input) =>
    [
      `FROM ${base}`,
      `RUN rm -f ${NOT_IN_CONVEX_IMAGES}`,
      "COPY backend/stand_in_backend.py stand-in.json /convex-stand-in/",
      "COPY backend/run_backend.sh backend/generate_admin_key.sh /convex/",
      "WORKDIR /convex",
      "VOLUME /convex/data",
      'ENTRYPOINT ["./run_backend.sh"]',
      "EXPOSE 3210",
      "EXPOSE 3211",
      ...(/^[0-9a-f]{40}$/.test(input.tag) ? [`LABEL ${IMAGE_REVISION_LABEL}=${input.tag}`] : []),
    ].join("\n"),
};

/**
 * The dashboard (upstream's self-hosted/docker-build/Dockerfile.dashboard at 652b828b, as at a9a760ca:
 * Ubuntu noble with curl, user nextjs (1001), PORT=6791, HOSTNAME=0.0.0.0). A Python page in place of the Next.js server.
 */
const DASHBOARD_RECIPE: ImageRecipe = {
  repository: "ghcr.io/get-convex/convex-dashboard",
  standIn: true,
  describe: (input) =>
    `stand-in for ghcr.io/get-convex/convex-dashboard:${input.tag}, not the dashboard: an HTTP page on 6791`,
  context: ["dashboard"],
  dockerfile: (base) =>
    [
      `FROM ${base}`,
      `RUN rm -f ${NOT_IN_CONVEX_IMAGES} && groupadd --system --gid 1001 nodejs && useradd --system --uid 1001 --gid nodejs nextjs`,
      "COPY dashboard/stand_in_dashboard.py /app/",
      "WORKDIR /app",
      "USER nextjs",
      "EXPOSE 6791",
      "ENV PORT=6791",
      "ENV HOSTNAME=0.0.0.0",
      'CMD ["python3", "./stand_in_dashboard.py"]',
    ].join("\n"),
};

function journalModeOf(input: RecipeInput): JournalMode {
  return input.journalMode ?? journalModeAt(input.tag);
}

/**
 * Every recipe, by the repository the stack pins (the sidecars' and the dashboard's repositories are the
 * library's internal pins: __tests__/integration/drill-images.test.ts checks that every image a stack pins
 * has its recipe).
 */
export const RECIPES: ReadonlyMap<string, ImageRecipe> = new Map(
  [SNAPSHOT_RECIPE, SYNC_RECIPE, BACKEND_RECIPE, DASHBOARD_RECIPE, PROXY_RECIPE].map((recipe) => [
    recipe.repository,
    recipe,
  ]),
);
