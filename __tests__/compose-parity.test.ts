import { DEFAULT_KNOBS, DEFAULTS, factAt, factKeys, KNOBS } from "../constructs/domain";
import { byName, synth, workspace } from "./helpers/workspaces";

/*
 * Compose parity (docs/backend-environment.md): what a default workspace's containers get against what
 * upstream's self-hosted/docker/docker-compose.yml sets at the default pin, read by the catalogue of upstream
 * revisions (facts `compose:<service> <setting>`). Where this project differs on purpose, the doc says why;
 * everything else must match, so a change of upstream's compose fails here once the catalogue is regenerated.
 */

const PIN = DEFAULTS.version;
const compose = (key: string) => factAt(`compose:${key}`, PIN)?.value ?? undefined;

describe("parity with upstream's compose file at the default pin", () => {
  const stack = synth(workspace({ name: "parity" }));
  const containers = byName(stack, "docker_container");
  const backend = containers["convex-parity-backend"];
  const dashboard = containers["convex-parity-dashboard"];
  const env = Object.fromEntries(
    (backend.env as string[]).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );

  it("sets every typed knob compose gives a default, to compose's value, and no other", () => {
    const composeDefaults = Object.fromEntries(
      KNOBS.flatMap((spec) => {
        const value = compose(`backend ${spec.variable}`)?.match(/^(.+) unless set$/)?.[1];
        return value === undefined ? [] : [[spec.prop, value]];
      }),
    );
    expect(Object.keys(composeDefaults).length).toBeGreaterThanOrEqual(6);
    expect(Object.fromEntries(Object.entries(DEFAULT_KNOBS).map(([prop, value]) => [prop, String(value)]))).toEqual(
      composeDefaults,
    );
    for (const spec of KNOBS)
      if (composeDefaults[spec.prop] !== undefined)
        expect([spec.variable, env[spec.variable]]).toEqual([spec.variable, composeDefaults[spec.prop]]);
  });

  it("RUST_LOG is compose's default", () => {
    expect(compose("backend RUST_LOG")).toBe(`${env.RUST_LOG} unless set`);
  });

  it("the healthcheck runs compose's test at compose's interval and start period", () => {
    const check = backend.healthcheck as { test: string[]; interval: string; start_period: string };
    expect(check.test.slice(1).join(" ")).toBe(compose("backend healthcheck"));
    expect(check.interval).toBe(compose("backend healthcheck interval"));
    expect(check.start_period).toBe(compose("backend healthcheck start_period"));
  });

  it.each([
    ["backend", () => backend],
    ["dashboard", () => dashboard],
  ])("the %s stops with compose's signal and grace period", (service, container) => {
    expect(container().stop_signal).toBe(compose(`${service} stop_signal`));
    expect(`${String(container().stop_timeout)}s`).toBe(compose(`${service} stop_grace_period`));
  });

  it("compose sets no restart policy and no setting this test does not know", () => {
    const known =
      /^compose:(backend|dashboard) ([A-Z0-9_]+|healthcheck|healthcheck interval|healthcheck start_period|stop_signal|stop_grace_period|depends_on)$/;
    expect(
      factKeys().filter((key) => key.startsWith("compose:") && factAt(key, PIN)?.value && !known.test(key)),
    ).toEqual([]);
    expect(compose("backend restart")).toBeUndefined();
  });
});
