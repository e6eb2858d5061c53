/*
 * The NEXT_PUBLIC_ variables the dashboard's code reads (the catalogue of upstream revisions finds them at
 * every revision: facts `dashboard:<VARIABLE>`, constructs/domain/upstream-catalogue.ts), and what this
 * project does with each. Lines are upstream's at 652b828b (npm-packages/dashboard-self-hosted/src/pages/
 * _app.tsx unless said otherwise).
 *
 * When a variable counts decides what setting it on the container can do. The published image is a Next.js
 * server built with none of them set (self-hosted/docker-build/Dockerfile.dashboard:31). Next.js writes the
 * value of a NEXT_PUBLIC_ variable into the code it builds for the browser
 * (https://nextjs.org/docs/pages/guides/environment-variables#bundling-environment-variables-for-the-browser),
 * so code that runs in the browser sees the value of the build, not the container's; code the server runs for
 * each request (`App.getInitialProps`, _app.tsx:145-177) reads the container's environment.
 */

/** When the published dashboard image reads a variable. */
export enum DashboardRead {
  /** By the server, on each request (App.getInitialProps): the container's value counts. */
  SERVER = "server, on each request",
  /** In the browser, from the code built into the image: the container's value does not reach it. */
  BUILD = "build time (browser code)",
}

/** One NEXT_PUBLIC_ variable the dashboard's code reads, and what this project does with it. */
export interface DashboardVariable {
  /** The variable, as upstream spells it. */
  readonly variable: string;
  /** When the published image reads it. */
  readonly read: DashboardRead;
  /** A secret: never in a config file, a synthesized stack or a log. */
  readonly secret: boolean;
  /** Whether this project sets it on the dashboard's container. */
  readonly emitted: "always" | "never";
  /** What it does, and why this project sets it or not. */
  readonly why: string;
  /** Where upstream reads it, at 652b828b. */
  readonly source: string;
}

const APP = "npm-packages/dashboard-self-hosted/src/pages/_app.tsx";

/** Every NEXT_PUBLIC_ variable the dashboard reads at the newest release the catalogue knows (a test keeps it so). */
export const DASHBOARD_VARIABLES: readonly DashboardVariable[] = [
  {
    variable: "NEXT_PUBLIC_DEPLOYMENT_URL",
    read: DashboardRead.SERVER,
    secret: false,
    emitted: "always",
    why: "the backend URL the dashboard's page talks to: set to the backend's CONVEX_CLOUD_ORIGIN, so the two cannot drift",
    source: `${APP}:152-154`,
  },
  {
    variable: "NEXT_PUBLIC_ADMIN_KEY",
    read: DashboardRead.SERVER,
    secret: true,
    emitted: "never",
    why: "logs the dashboard in with this admin key: the server returns it in the page's props (_app.tsx:170-175), which Next.js writes into the page it sends to every browser that opens the dashboard, so anyone who reaches the dashboard's URL would hold the admin key. The admin key is typed into the dashboard instead (the stack's admin_key_command output prints one: docs/urls-and-outputs.md)",
    source: `${APP}:155-158`,
  },
  {
    variable: "NEXT_PUBLIC_DEFAULT_LIST_DEPLOYMENTS_API_PORT",
    read: DashboardRead.SERVER,
    secret: false,
    emitted: "never",
    why: "makes the page list deployments from http://127.0.0.1:<port> on the user's own machine, the API `npx convex` serves for local deployments; upstream sets it only in its export build (npm-packages/dashboard-self-hosted/package.json:9). A deployed dashboard has no such API on its users' machines",
    source: `${APP}:160-168`,
  },
  {
    variable: "NEXT_PUBLIC_HIDE_HEADER",
    read: DashboardRead.BUILD,
    secret: false,
    emitted: "never",
    why: "hides the dashboard's header; read by components that render in the browser, so on the published image the container's value could at most change the server's first rendering, which the browser then replaces",
    source: `${APP}:530 and npm-packages/dashboard-common/src/layouts/DeploymentDashboardLayout.tsx:173`,
  },
  {
    variable: "NEXT_PUBLIC_LOAD_MONACO_INTERNALLY",
    read: DashboardRead.BUILD,
    secret: false,
    emitted: "never",
    why: "serves the Monaco editor from the dashboard instead of a CDN; it only works when set at build time (next.config.js:112-123 adds the editor's webpack plugin only then, and _app.tsx:48 runs in the browser). Upstream compose passes it through (self-hosted/docker/docker-compose.yml:63), but the published image is built without it",
    source: `${APP}:48 and npm-packages/dashboard-self-hosted/next.config.js:112-123`,
  },
  {
    variable: "NEXT_PUBLIC_USE_CURRENT_DEPLOYMENT_API",
    read: DashboardRead.BUILD,
    secret: false,
    emitted: "never",
    why: "makes the page ask the CLI's /api/current_deployment for credentials; set only by upstream's export build for `npx convex dashboard` (package.json:9)",
    source: `${APP}:130-131`,
  },
  {
    variable: "NEXT_PUBLIC_ENVIRONMENT",
    read: DashboardRead.BUILD,
    secret: false,
    emitted: "never",
    why: "`development` marks a development build of Convex's own dashboard (favicon, number formats); the published image is a production build",
    source: "npm-packages/dashboard-common/src/elements/Favicon.tsx:2 and lib/format.ts:36",
  },
];
