/**
 * Which Temporal errors the web answers with the localized 503 "try again" page (decision 024)
 * instead of an error page: the drills found a motion's representatives refused with
 * RESOURCE_EXHAUSTED when more than ten votes on one motion were in flight at once.
 */
import { status } from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { isUnavailable } from './temporal.server';

function grpcError(code: number): Error {
  return Object.assign(new Error(`${code} grpc`), { code, details: 'from the server', metadata: {} });
}

describe('isUnavailable', () => {
  it.each([
    ['UNAVAILABLE', status.UNAVAILABLE],
    ['DEADLINE_EXCEEDED', status.DEADLINE_EXCEEDED],
    ['CANCELLED', status.CANCELLED],
    ['RESOURCE_EXHAUSTED (too many updates in flight on one workflow)', status.RESOURCE_EXHAUSTED],
  ])('%s: try again', (_, code) => {
    expect(isUnavailable(new ServiceError('call failed', { cause: grpcError(code) }))).toBe(true);
  });

  it.each([
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
    ['NOT_FOUND', status.NOT_FOUND],
    ['PERMISSION_DENIED', status.PERMISSION_DENIED],
  ])('%s: a real error, not "try again"', (_, code) => {
    expect(isUnavailable(new ServiceError('call failed', { cause: grpcError(code) }))).toBe(false);
  });
});
