import { DASHBOARD_VARIABLES } from "../constructs/domain";
import { envOf, synth, workspace } from "./helpers/workspaces";

/*
 * The dashboard's container gets only the NEXT_PUBLIC_ variables constructs/domain/dashboard-variables.ts says
 * the constructs set; above all never NEXT_PUBLIC_ADMIN_KEY, which the dashboard's server would hand to every
 * browser that opens it (npm-packages/dashboard-self-hosted/src/pages/_app.tsx:155-158, 170-175 at 652b828b).
 */

const SET = new Set(DASHBOARD_VARIABLES.filter((v) => v.emitted === "always").map((v) => v.variable));

describe("the dashboard's environment", () => {
  it.each([
    ["a default workspace", { name: "dash" }],
    [
      "a workspace with public URLs",
      {
        name: "dash",
        network: {
          publicUrls: {
            backend: "https://api.example.com",
            site: "https://site.example.com",
            dashboard: "https://dashboard.example.com",
          },
        },
      },
    ],
  ])("holds only what the constructs set, and never the admin key: %s", (_title, file) => {
    const env = envOf(synth(workspace(file)), "convex-dash-dashboard");
    expect(Object.keys(env).filter((variable) => !SET.has(variable))).toEqual([]);
    expect(env).not.toHaveProperty("NEXT_PUBLIC_ADMIN_KEY");
    expect(Object.keys(env)).toEqual(["NEXT_PUBLIC_DEPLOYMENT_URL"]);
  });
});
