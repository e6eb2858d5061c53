import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { backendKnobsOf } from "../config/knobs";
import type { ResolvedWorkspace } from "../vocabulary/resolved-workspace";
import { WORKSPACE_FILE_WORDING } from "../config/volume-change-wording";
import { stackRelativeStatePath } from "../guards/state-file";
import { type S3StateObject, s3StateObject, usesPathStyle } from "../guards/state-location";
import { ConvexDeployment, Database, SecretVariables } from "../constructs";
import { storageStrategyFor } from "./storage-for-workspace";

/** One workspace file as one Terraform stack (`cdktf deploy <name>`). */
export class WorkspaceStack extends TerraformStack {
  readonly deployment: ConvexDeployment;

  constructor(scope: Construct, workspace: ResolvedWorkspace) {
    super(scope, workspace.name);
    const config = workspace.config;
    if (config.state.backend === "s3") {
      stateInS3(this, s3StateObject(workspace.name, config.state));
    } else {
      // A relative path keeps the state where cdktf puts it by default (the project root, read by the
      // data-loss guard) without writing this machine's absolute path into cdk.tf.json.
      new LocalBackend(this, { path: stackRelativeStatePath(workspace.name) });
    }
    new DockerProvider(this, "docker", { host: config.docker.host });
    const secrets = new SecretVariables(this, "secrets");
    const database =
      config.database.kind === "sqlite"
        ? Database.sqlite()
        : Database[config.database.kind]({
            url: secrets.get("database_url"),
            requireSsl: config.database.requireSsl,
            caFile: config.database.caFile,
          });

    this.deployment = new ConvexDeployment(this, "convex", {
      workspaceName: workspace.name,
      urls: workspace.urls,
      version: config.convex.version,
      versionDate: config.convex.revisionDates?.[config.convex.version],
      instanceName: workspace.instanceName,
      storage: storageStrategyFor(workspace, secrets),
      database,
      instanceSecret: config.convex.instanceSecret === "terraformVariable" ? secrets.get("instance_secret") : undefined,
      bindAddress: config.network.bindAddress,
      ports: config.network.ports,
      dockerHost: config.docker.host,
      volumeGeneration: config.volume.generation,
      protectDataVolume: config.volume.protectFromDestroy,
      rustLog: config.convex.rustLog,
      disableBeacon: config.convex.disableBeacon,
      redactLogsToClient: config.convex.redactLogsToClient,
      knobs: backendKnobsOf(config),
      waitTimeout: config.convex.waitTimeout,
      volumeChangeWording: WORKSPACE_FILE_WORDING,
      frontDoor: config.proxy && {
        tls: config.proxy.tls,
        acme: config.proxy.acme,
        ports: config.proxy.ports,
        bindAddress: config.proxy.bindAddress,
        dashboardAuth: config.proxy.dashboardAuth && {
          username: config.proxy.dashboardAuth.username,
          passwordHash: secrets.get("dashboard_password_hash"),
        },
      },
    });

    for (const [id, output] of Object.entries(this.deployment.outputs)) new TerraformOutput(this, id, output);
  }
}

/**
 * Terraform's S3 backend, locked by its lock file (<key>.tflock, written with If-None-Match: *). No
 * credential is written here: Terraform takes them from the standard AWS environment or profile.
 */
function stateInS3(stack: TerraformStack, object: S3StateObject): void {
  const gateway = object.endpoint
    ? {
        endpoints: { s3: object.endpoint },
        usePathStyle: usesPathStyle(object),
        // A gateway has no STS or IAM to ask, and its region is a zonegroup name, not an AWS region.
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipRegionValidation: true,
      }
    : // AWS S3 encrypts the state object (it holds every resource attribute); a gateway without KMS refuses the header.
      { encrypt: true };
  const stateBackend = new S3Backend(stack, {
    bucket: object.bucket,
    key: object.key,
    region: object.region,
    ...gateway,
  });
  // Terraform 1.10+; cdktf 0.21's typed props predate it.
  stateBackend.addOverride("use_lockfile", true);
}
