import { writeFileSync } from "node:fs";
import { synth, workspace } from "./__tests__/helpers/workspaces";
const ws = workspace({ name: "it", storage: { kind: process.argv[2] === "aws" ? "AwsS3" : "CephViaGateway", ...(process.argv[2] === "aws" ? { region: "eu-west-1", credentials: "provisionedIamUser" } : { endpoint: "http://127.0.0.1:7480" }), bucketPrefix: "tfx-" + Date.now().toString(36), provisionBuckets: true, versioning: true } } as any);
const tf: any = synth(ws).tf;
for (const t of Object.keys(tf.resource)) if (t.startsWith("docker_")) delete tf.resource[t];
delete tf.provider.docker; delete tf.terraform.required_providers.docker; delete tf.terraform.backend;
writeFileSync(process.argv[3], JSON.stringify(tf, null, 2));
