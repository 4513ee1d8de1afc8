import { z } from 'zod';
import type { CommandParameter, DeviceAction, DeviceType } from '../oem';
import { capabilitiesFor, findCommand } from '../oem';
import { ActionError } from './types';

/**
 * Validation of an action against the capability table of lib/oem — the same table device reads
 * show as `capabilities`, so what a device declares and what it accepts cannot drift apart. Pure.
 */

/** What a parameter accepts, in words: the message of every error about it. */
export function describeParameter(p: CommandParameter): string {
  const unit = p.unit ? ` ${p.unit}` : '';
  if (p.enum) return `must be one of ${p.enum.join(', ')}`;
  if (p.type === 'boolean') return 'must be true or false';
  if (p.type === 'string') return 'must be a string';
  const kind = p.type === 'integer' ? 'an integer' : 'a number';
  if (p.min !== undefined && p.max !== undefined)
    return `must be ${kind} from ${p.min} to ${p.max}${unit}`;
  if (p.min !== undefined) return `must be ${kind} of at least ${p.min}${unit}`;
  if (p.max !== undefined) return `must be ${kind} of at most ${p.max}${unit}`;
  return `must be ${kind}`;
}

function parameterSchema(p: CommandParameter): z.ZodType {
  const error = describeParameter(p);
  if (p.enum) return z.enum(p.enum as [string, ...string[]], { error });
  if (p.type === 'boolean') return z.boolean({ error });
  if (p.type === 'string') return z.string({ error }).max(256, { error });
  let schema = p.type === 'integer' ? z.int({ error }) : z.number({ error });
  if (p.min !== undefined) schema = schema.min(p.min, { error });
  if (p.max !== undefined) schema = schema.max(p.max, { error });
  return schema;
}

const schemas = new Map<string, z.ZodType<Record<string, unknown>>>();

/** The strict zod schema of a command's parameters, built once from the table. */
function paramsSchema(deviceType: DeviceType, command: string) {
  const key = `${deviceType}\0${command}`;
  let schema = schemas.get(key);
  if (!schema) {
    const declared = findCommand(deviceType, command)?.parameters ?? {};
    const shape = Object.fromEntries(
      Object.entries(declared).map(([name, p]) => [name, parameterSchema(p)]),
    );
    schema = z.strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `is not a parameter of ${command}`
          : `must be an object with ${Object.keys(declared).join(', ') || 'no parameters'}`,
    });
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * The action `type` with `params` checked against what a device of `deviceType` declares: the
 * parameters as parsed (only declared ones, every one present). Throws ActionError
 * CAPABILITY_NOT_SUPPORTED for a type the device does not declare, VALIDATION_ERROR naming the
 * field (`params.percent`, prefixed by `fieldPrefix`) for a parameter that is missing, unknown,
 * of the wrong kind or out of range.
 */
export function validateAction(
  deviceType: DeviceType,
  request: { type: string; params?: Record<string, unknown> },
  fieldPrefix = '',
): DeviceAction {
  if (!findCommand(deviceType, request.type)) {
    const supported = capabilitiesFor(deviceType).commands.map((c) => c.name);
    throw new ActionError(
      'CAPABILITY_NOT_SUPPORTED',
      `A ${deviceType} does not support ${JSON.stringify(request.type).slice(0, 80)}; it supports ${supported.join(', ')}`,
      `${fieldPrefix}type`,
    );
  }
  const result = paramsSchema(deviceType, request.type).safeParse(request.params ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const name =
      issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.map(String).join('.');
    const field = `${fieldPrefix}params${name ? `.${name}` : ''}`;
    throw new ActionError('VALIDATION_ERROR', `${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  return { type: request.type, params: result.data };
}
