/**
 * transport/: the only code that touches sockets, wall time and real timers. Every transport turns
 * its request into a WireRequest for SimEndpoint.handleWire and writes the WireResponse back.
 *
 *   sim-endpoint.ts            what a transport needs from the simulator (the interface)
 *   in-process-handler.ts      SDK request handler that calls the simulator directly (no sockets)
 *   sdk-clients.ts             createKmsClient / createCloudHsmClient wired to that handler
 *   lazy-sdk.ts                the SDK packages, loaded on first use (start-up)
 *   msw-interceptor.ts         interceptAws: msw routes kms./cloudhsmv2.<region> traffic to the simulator
 *   http-server.ts             serve mode: node:http server for POST / and the /_sim/ control API
 *   control-routes.ts          the /_sim/ endpoints (health, clock, world, advance, actions, trace,
 *                              report)
 *   http-body.ts               size-limited request body reader (413 above 1 MiB)
 *   wall-clock-follower.ts     serve mode's virtual time = start + jumps + wall elapsed × timeScale,
 *                              moved in bounded slices
 *   child-command.ts           the command kmsim exec runs, under libfaketime, in its own group
 *   parent-watch.ts            stop when the npm process that started us is gone (npx)
 *   simulator-bug-response.ts  the non-retryable 400 every transport answers a simulator failure with
 */
export type { ControlResult, SimEndpoint } from './sim-endpoint.js';
export {
  InProcessHttpHandler,
  InProcessHttpResponse,
  type InProcessHandlerConfig,
  type SdkHandlerOptionsLike,
  type SdkHttpRequestLike,
} from './in-process-handler.js';
export {
  cloudHsmEndpointUrl,
  createCloudHsmClient,
  createKmsClient,
  fakeCredentials,
  kmsEndpointUrl,
} from './sdk-clients.js';
export {
  interceptAws,
  isSimulatedAwsHost,
  type AwsInterception,
  type InterceptOptions,
} from './msw-interceptor.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  startHttpServer,
  type HttpServerOptions,
  type RunningServer,
} from './http-server.js';
export { DEFAULT_MAX_BODY_BYTES } from './http-body.js';
export { WallClockFollower, type WallClock } from './wall-clock-follower.js';
export { SIMULATOR_BUG_ERROR, simulatorBugResponse } from './simulator-bug-response.js';
