/** Upstream's backend image (self-hosted/docker/docker-compose.yml), tagged with upstream git revisions. */
export const BACKEND_IMAGE = "ghcr.io/get-convex/convex-backend";
/** Upstream's dashboard image, tagged like the backend's. */
export const DASHBOARD_IMAGE = "ghcr.io/get-convex/convex-dashboard";
