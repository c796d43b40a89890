import { Value } from 'typebox/value';
import { CardgateError } from '../../core/errors.js';
import { MrzInput } from './input.js';

/** Checks untrusted JSON against MrzInput; MRZ_INPUT_INVALID names the first bad field. */
export function parseMrzInput(data: unknown): MrzInput {
  if (Value.Check(MrzInput, data)) return data;
  const first = Value.Errors(MrzInput, data)[0];
  const path = first?.instancePath || '/';
  throw new CardgateError('MRZ_INPUT_INVALID', `MRZ input ${path}: ${first?.message ?? 'invalid'}`, {
    status: 400,
    details: { path },
  });
}
