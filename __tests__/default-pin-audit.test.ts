import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseWorkspace } from "../config/load";
import { DEFAULTS, factAt } from "../constructs/domain";
import { CONTAINER_PORTS } from "../constructs/domain/defaults";
import { ROOT } from "./helpers/run";
import { byName, synth } from "./helpers/workspaces";

/*
 * The re-audit of the default pin: everything the stack emits at it is something the pin reads, as the catalogue
 * of upstream revisions read it in upstream's source at that revision (the entrypoint, the backend binary, the
 * dashboard), and the endpoint the healthcheck asks and the ports and data folder the containers use are the
 * pin's own.
 */

const PIN = DEFAULTS.version;
const read = (key: string) => Boolean(factAt(key, PIN)?.value);
/** Read by the AWS SDK's default credentials chain, which no file of upstream names (crates/aws_utils/src/lib.rs:95, 119 at 652b828b say so). */
const READ_BY_THE_AWS_SDK = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);

describe("what the stack emits at the default pin, the default pin reads", () => {
  const s3Requires = new Set(factAt("entrypoint:s3-requires", PIN)?.value?.split(" ") ?? []);
  // Every example workspace file: every storage strategy and database kind, at the default pin.
  const stacks = readdirSync(join(ROOT, "config", "examples"))
    .filter((file) => file.endsWith(".json"))
    .map((file) => parseWorkspace(file, readFileSync(join(ROOT, "config", "examples", file), "utf8"), {}).workspace!)
    .map((ws) => ({ ws, stack: synth(ws) }));

  it.each(stacks.map(({ ws, stack }) => [ws.name, stack] as const))("%s: every backend variable", (name, stack) => {
    const backend = byName(stack, "docker_container")[`convex-${name}-backend`];
    const variables = (backend.env as string[]).map((kv) => kv.slice(0, kv.indexOf("=")));
    const unread = variables.filter(
      (variable) =>
        !read(`backend:${variable}`) &&
        !read(`entrypoint:${variable}`) &&
        !s3Requires.has(variable) &&
        !READ_BY_THE_AWS_SDK.has(variable) &&
        // Rust's standard library reads it on a panic.
        variable !== "RUST_BACKTRACE",
    );
    expect(unread).toEqual([]);
  });

  it.each(stacks.map(({ ws, stack }) => [ws.name, stack] as const))("%s: every dashboard variable", (name, stack) => {
    const dashboard = byName(stack, "docker_container")[`convex-${name}-dashboard`];
    for (const kv of dashboard.env as string[]) expect(read(`dashboard:${kv.slice(0, kv.indexOf("="))}`)).toBe(true);
  });

  it("the healthcheck's endpoint, the ports and the data folder are the pin's", () => {
    expect(factAt("backend:GET /version", PIN)?.value).toBe("served");
    expect(factAt("entrypoint:api-port", PIN)?.value).toBe(String(CONTAINER_PORTS.backend));
    expect(factAt("entrypoint:site-port", PIN)?.value).toBe(String(CONTAINER_PORTS.site));
    expect(factAt("entrypoint:data-dir", PIN)?.value).toBe("/convex/data");
  });
});
