import { Network } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";

/** ConvexNetwork's props. */
export interface ConvexNetworkProps {
  /** Docker network name, e.g. `convex-<workspace>`. */
  readonly networkName: string;
}

/**
 * A private bridge network: the backend, dashboard and sidecars reach each other by container name.
 *
 * @example
 * ```ts
 * const network = new ConvexNetwork(this, "network", { networkName: "convex-shop" });
 * ```
 */
export class ConvexNetwork extends Construct {
  /** The Docker network's name. */
  readonly networkName: string;
  /** The Docker network resource. */
  readonly network: Network;

  constructor(scope: Construct, id: string, props: ConvexNetworkProps) {
    super(scope, id);
    this.networkName = props.networkName;
    this.network = new Network(this, "network", { name: props.networkName, driver: "bridge" });
  }
}
