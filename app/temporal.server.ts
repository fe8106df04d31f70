/**
 * The project's Temporal client: the web process and scripts send commands to workflows through
 * this module only. One connection per process, opened lazily — and opened again after a failure
 * (a failed connection is never kept).
 *
 * In the web process (MINYI_COMMAND_DEADLINE_MS, set by server.ts) every call except the long poll
 * of a workflow's result has a deadline, so a command answers within it while Temporal is down or
 * paused; such a failure reaches Remix as a 503 "please try again" (`TemporalUnavailable`), and the
 * same form (same idempotency key) succeeds once Temporal is back.
 */
import { status as grpcStatus, type Interceptor, InterceptingCall } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  ServiceError,
  WorkflowIdConflictPolicy,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowClientInterceptor,
} from '@temporalio/client';
import { NAMESPACE, TASK_QUEUE } from '../workflows/config';
import type { systemCheck } from '../workflows/system';

/** Thrown (as Remix throws responses) when Temporal cannot be reached in time: a localized 503 page. */
export class TemporalUnavailable extends Response {
  readonly message: string;
  constructor(cause: unknown) {
    super('Service Unavailable', { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': '10' } });
    this.message = `Temporal unavailable: ${(cause as Error)?.message ?? cause}`;
  }
}

// RESOURCE_EXHAUSTED: Temporal takes at most ten updates in flight per workflow (many representatives
// voting on one motion in the same second); the command was not taken and may be sent again.
const UNAVAILABLE_CODES = new Set<number>([grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED, grpcStatus.RESOURCE_EXHAUSTED]);

/** Is this error Temporal being down, paused or unreachable (not a refusal of the command)? */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const cause = e instanceof ServiceError ? e.cause : e;
  if (isGrpcServiceError(cause)) return UNAVAILABLE_CODES.has(cause.code);
  return e instanceof Error && /Failed to connect before the deadline|connect ECONNREFUSED/i.test(e.message);
}

const deadlineMs = () => Number(process.env.MINYI_COMMAND_DEADLINE_MS ?? 0) || 0;
/** Waits for a workflow's end (a long poll by design): no deadline. */
const LONG_POLLS = ['/GetWorkflowExecutionHistory'];

function deadlineInterceptor(ms: number): Interceptor {
  return (options, nextCall) => {
    const path = options.method_definition.path;
    if (options.deadline === undefined && !LONG_POLLS.some((p) => path.endsWith(p))) {
      return new InterceptingCall(nextCall({ ...options, deadline: Date.now() + ms }));
    }
    return new InterceptingCall(nextCall(options));
  };
}

/** Every workflow call through the client: unavailability becomes `TemporalUnavailable`. */
const unavailableAs503: WorkflowClientInterceptor = Object.fromEntries(
  (['start', 'signal', 'signalWithStart', 'startUpdate', 'startUpdateWithStart', 'query', 'describe', 'terminate', 'cancel'] as const).map(
    (m) => [
      m,
      async (input: unknown, next: (i: unknown) => Promise<unknown>) => {
        try {
          return await next(input);
        } catch (e) {
          throw isUnavailable(e) ? new TemporalUnavailable(e) : e;
        }
      },
    ],
  ),
) as WorkflowClientInterceptor;

let client: Promise<Client> | undefined;

export function temporal(): Promise<Client> {
  const ms = deadlineMs();
  const opening = (client ??= Connection.connect({
    address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    ...(ms
      ? {
          connectTimeout: ms,
          interceptors: [deadlineInterceptor(ms), makeGrpcRetryInterceptor(defaultGrpcRetryOptions())],
        }
      : {}),
  }).then((connection) => new Client({ connection, namespace: NAMESPACE, interceptors: { workflow: [unavailableAs503] } })));
  // Never keep a failed connection: the next command tries again.
  opening.catch(() => {
    if (client === opening) client = undefined;
  });
  return ms ? opening.catch((e) => Promise.reject(new TemporalUnavailable(e))) : opening;
}

export async function closeTemporal(): Promise<void> {
  const c = await client?.catch(() => undefined);
  client = undefined;
  await c?.connection.close();
}

/**
 * Runs the systemCheck workflow to completion: proves a worker is polling and can write to
 * PostgreSQL. The workflow id derives from `checkId`, so a retried call attaches to the same run.
 */
export async function runSystemCheck(checkId: string, taskQueue = TASK_QUEUE): Promise<{ checkedAt: string }> {
  const c = await temporal();
  const handle = await c.workflow.start<typeof systemCheck>('systemCheck', {
    args: [checkId],
    taskQueue,
    workflowId: `system-check-${checkId}`,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowExecutionTimeout: '2 minutes',
  });
  return handle.result();
}
