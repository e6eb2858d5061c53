import { Network } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";

export interface ConvexNetworkProps {
  /** Docker network name, e.g. `convex-<workspace>`. */
  readonly networkName: string;
}

/** A private bridge network: the backend, dashboard and sidecars reach each other by container name. */
export class ConvexNetwork extends Construct {
  readonly networkName: string;
  readonly network: Network;

  constructor(scope: Construct, id: string, props: ConvexNetworkProps) {
    super(scope, id);
    this.networkName = props.networkName;
    this.network = new Network(this, "network", { name: props.networkName, driver: "bridge" });
  }
}
