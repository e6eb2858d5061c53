import { DEFAULT_STATE_KEY_PREFIX } from "../vocabulary/defaults";
import { problemsOf, textOf, synth, workspace } from "./helpers/workspaces";

/* The workspace file's `state` block, and the backend block it synthesizes into cdk.tf.json. */

const AWS_STATE = { backend: "s3" as const, bucket: "team-tf-state", region: "eu-central-1" };
const GATEWAY_STATE = {
  backend: "s3" as const,
  bucket: "team-tf-state",
  region: "default",
  endpoint: "http://rgw.example.com:7480/",
  keyPrefix: "platform/convex",
};

describe("the state block", () => {
  it("defaults to the local state file, synthesized exactly as before", () => {
    const ws = workspace({ name: "team-a" });
    expect(ws.config.state).toEqual({ backend: "local" });
    expect(synth(ws).tf.terraform.backend).toEqual({ local: { path: "../../../terraform.team-a.tfstate" } });
  });

  it("puts an AWS state at <keyPrefix>/<name>.tfstate, encrypted, locked by Terraform's lock file", () => {
    const ws = workspace({ name: "team-a", state: AWS_STATE });
    expect(ws.config.state).toEqual({ ...AWS_STATE, keyPrefix: DEFAULT_STATE_KEY_PREFIX });
    expect(synth(ws).tf.terraform.backend).toEqual({
      s3: {
        bucket: "team-tf-state",
        key: "convex-stack/team-a.tfstate",
        region: "eu-central-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("addresses a gateway path-style, without asking AWS's STS or IAM, and without the SSE header", () => {
    expect(synth(workspace({ name: "team-a", state: GATEWAY_STATE })).tf.terraform.backend).toEqual({
      s3: {
        bucket: "team-tf-state",
        key: "platform/convex/team-a.tfstate",
        region: "default",
        endpoints: { s3: "http://rgw.example.com:7480" },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_region_validation: true,
        use_lockfile: true,
      },
    });
  });

  it("never writes a credential into cdk.tf.json, whatever the environment of the synthesis holds", () => {
    const sentinels = {
      AWS_ACCESS_KEY_ID: "AKIASENTINEL0000001",
      AWS_SECRET_ACCESS_KEY: "sentinel-secret-key-value",
      AWS_SESSION_TOKEN: "sentinel-session-token",
      AWS_PROFILE: "sentinel-profile",
    };
    const saved = { ...process.env };
    Object.assign(process.env, sentinels);
    try {
      for (const state of [AWS_STATE, GATEWAY_STATE]) {
        const json = synth(workspace({ name: "team-a", state })).json;
        for (const value of Object.values(sentinels)) expect(json).not.toContain(value);
        expect(json).not.toMatch(/"(access_key|secret_key|token|profile|shared_credentials_files?|assume_role)"/);
      }
    } finally {
      process.env = saved;
    }
  });

  it.each<[string, object, string, string]>([
    [
      "an invalid bucket name",
      { ...AWS_STATE, bucket: "Team_State" },
      "state.bucket",
      "not a valid S3 bucket name: only lowercase letters, digits, dots and dashes are allowed",
    ],
    ["a missing bucket", { backend: "s3", region: "eu-central-1" }, "state.bucket", "is required"],
    [
      "a gateway's region name without its endpoint",
      { ...AWS_STATE, region: "default" },
      "state.region",
      "without an endpoint the bucket is on AWS S3 / give an AWS region such as eu-central-1",
    ],
    [
      "a key prefix starting with a slash",
      { ...AWS_STATE, keyPrefix: "/state" },
      "state.keyPrefix",
      "without a leading '/'",
    ],
    [
      "a key prefix climbing out with ..",
      { ...AWS_STATE, keyPrefix: "a/../b" },
      "state.keyPrefix",
      "without a leading '/' or '.'",
    ],
    ["a credential in the file", { ...AWS_STATE, accessKey: "AKIA..." }, "state", 'unknown key "accessKey"'],
    ["another backend", { backend: "gcs" }, "state.backend", 'use one of "local", "s3"'],
    [
      "bucket settings on the local backend",
      { backend: "local", bucket: "team-tf-state" },
      "state",
      "allowed here: backend",
    ],
  ])("refuses %s, naming the field", (_title, state, path, fragment) => {
    const problems = problemsOf({ name: "team-a", state });
    expect(problems.map((p) => p.path)).toContain(path);
    expect(textOf(problems.find((p) => p.path === path)!)).toContain(fragment);
  });
});
