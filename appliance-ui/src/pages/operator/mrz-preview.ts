import { composeTd1 } from '../../../../gateway/document/mrz/td1.js';
import { api, ApiError } from '../../api.js';

/** Stands in for what the station assigns at issue (number, expiry); masked in the preview. */
const PLACEHOLDER = {
  documentCode: 'IR',
  issuingState: 'ROU',
  documentNumber: '000000000',
  dateOfExpiry: '2030-01-01',
};
const MASK = '·';

/**
 * The MRZ lines as they will print, computed in the page by the same code the gateway prints
 * with (gateway/document/mrz is free of Node imports). What the station sets at issue (document
 * code, issuing state, number, expiry and the check digits over them) is shown masked.
 * When the module cannot run here, the gateway computes it (POST /mrz).
 */
export async function previewMrz(person: Record<string, unknown>): Promise<string[]> {
  let lines: string[];
  try {
    lines = composeTd1({ ...PLACEHOLDER, ...(person as object) } as Parameters<typeof composeTd1>[0]);
  } catch (e) {
    const err = e as { code?: unknown; message?: string; status?: number };
    if (typeof err.code === 'string') throw new ApiError(400, err.code, err.message ?? err.code);
    const r = await api<{ lines?: string[]; mrz?: string[] }>('POST', '/mrz', { person });
    return r.lines ?? r.mrz ?? [];
  }
  const [l1 = '', l2 = '', l3 = ''] = lines;
  return [MASK.repeat(15) + l1.slice(15), l2.slice(0, 8) + MASK.repeat(7) + l2.slice(15, 29) + MASK, l3];
}
