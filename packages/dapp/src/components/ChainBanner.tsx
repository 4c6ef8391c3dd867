import { useChain, useNow } from "../chain/ChainContext";
import { formatDuration } from "../lib/format";

/** The node's state when it matters: unreachable (with the last data kept), then back. */
export function ChainBanner() {
  const { status, outageSince, recovered, config, queries } = useChain();
  useNow(); // re-render every second for the outage's duration
  if (status === "offline")
    return (
      <div className="banner banner-down" role="alert" data-testid="chain-offline">
        The chain's node at {config.chain.rpc} does not answer{outageSince ? ` (for ${formatDuration((Date.now() - outageSince) / 1000)})` : ""}. {queries ? "The figures below are the last ones read; " : ""}the app retries every {formatDuration(config.pollIntervalMs / 1000)} and catches up by itself.
      </div>
    );
  if (status === "connecting")
    return (
      <div className="banner" role="status">
        Connecting to {config.chain.chainName}…
      </div>
    );
  if (recovered)
    return (
      <div className="banner banner-ok" role="status" data-testid="chain-recovered">
        The chain answers again: figures are up to date.
      </div>
    );
  return null;
}
