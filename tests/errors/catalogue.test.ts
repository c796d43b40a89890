import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, operatorTextKey, statusOf } from '../../gateway/core/error-catalogue.js';
import { CardgateError } from '../../gateway/core/errors.js';
import { installProblemHandlers } from '../../gateway/api/problem.js';
import { PRINTER_FAULT_CODES, PrinterFault } from '../../drivers/printer/interface.js';
import { ENCODER_ERROR_CODES, EncoderError } from '../../drivers/encoder/interface.js';
import { CAMERA_ERROR_CODES, CameraError } from '../../drivers/camera/interface.js';
import { TRANSPORT_ERROR_CODES, TransportError } from '../../drivers/transport/types.js';
import { BOARD_ERROR_CODES, BoardError } from '../../firmware-bridge/interface.js';
import type { DeviceError } from '../../drivers/device/errors.js';
import { en } from '../../appliance-ui/src/i18n/en.js';
import { ro } from '../../appliance-ui/src/i18n/ro.js';
import { thrownCodes } from '../helpers/thrown-codes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const codes = Object.keys(ERROR_CATALOGUE);

describe('the error catalogue', () => {
  it('has an English and a Romanian text for every code', () => {
    const missing = codes.flatMap((code) => {
      const key = operatorTextKey(code);
      const gaps: string[] = [];
      if (!(key in en) || !(en as Record<string, string>)[key]?.trim()) gaps.push(`${key} (en)`);
      if (!(key in ro) || !(ro as Record<string, string>)[key]?.trim()) gaps.push(`${key} (ro)`);
      return gaps;
    });
    expect(missing).toEqual([]);
  });

  it('holds every code the sources throw', () => {
    const thrown = thrownCodes(root, ['gateway', 'drivers', 'firmware-bridge']);
    // The scan must see the sources, or this test would pass on nothing.
    expect(thrown.length).toBeGreaterThan(100);
    const missing = thrown.filter((t) => !(t.code in ERROR_CATALOGUE)).map((t) => `${t.code} (${t.file})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('holds every device error code under its catalogue code', () => {
    const devices: DeviceError[] = [
      ...PRINTER_FAULT_CODES.map(
        (c) =>
          new PrinterFault(c, 'x', { explanation: '', fix: '', needsOperator: false, spoilsCard: false }),
      ),
      ...ENCODER_ERROR_CODES.map((c) => new EncoderError(c, 'x')),
      ...CAMERA_ERROR_CODES.map((c) => new CameraError(c, 'x')),
      ...TRANSPORT_ERROR_CODES.map((c) => new TransportError(c, 'x')),
      ...BOARD_ERROR_CODES.map((c) => new BoardError(c, 'x')),
    ];
    const missing = devices.map((d) => d.catalogueCode).filter((c) => !(c in ERROR_CATALOGUE));
    expect(missing).toEqual([]);
    expect(new EncoderError('NO_CARD', 'x').catalogueCode).toBe('ENCODER_NO_CARD');
    expect(new TransportError('TRANSPORT_URL', 'x').catalogueCode).toBe('TRANSPORT_URL');
  });

  it('gives CardgateError its status, whatever a thrower passes', () => {
    expect(new CardgateError('JOB_NOT_FOUND', 'no job').status).toBe(404);
    expect(new CardgateError('JOB_NOT_FOUND', 'no job', { status: 500 }).status).toBe(404);
    expect(statusOf('NOT_A_CODE')).toBe(500);
  });
});

describe('problem+json through the catalogue', () => {
  const app = async (error: unknown) => {
    const f = Fastify();
    installProblemHandlers(f);
    f.get('/x', async () => {
      throw error;
    });
    const res = await f.inject({ url: '/x' });
    await f.close();
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };

  it('answers a printer fault with its catalogue code, status and fix', async () => {
    const fault = new PrinterFault('COVER_OPEN', 'cover open', {
      explanation: 'The cover is open.',
      fix: 'Close the cover.',
      needsOperator: true,
      spoilsCard: false,
    });
    const r = await app(fault);
    expect(r.status).toBe(503);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'PRINTER_COVER_OPEN', status: 503 });
    expect(r.body.detail).toContain('Close the cover.');
  });

  it('answers encoder, camera and board errors through the same table', async () => {
    expect(await app(new EncoderError('NO_CARD', 'no card'))).toMatchObject({
      status: 409,
      body: { code: 'ENCODER_NO_CARD' },
    });
    expect(await app(new CameraError('TIMEOUT', 'slow'))).toMatchObject({
      status: 504,
      body: { code: 'CAMERA_TIMEOUT' },
    });
    expect(await app(new BoardError('OFFLINE', 'gone'))).toMatchObject({
      status: 503,
      body: { code: 'BOARD_OFFLINE' },
    });
  });

  it('answers a CardgateError with the catalogue status and an untyped error as INTERNAL', async () => {
    expect(await app(new CardgateError('STATION_LOCKED', 'locked'))).toMatchObject({
      status: 409,
      body: { code: 'STATION_LOCKED', detail: 'locked' },
    });
    const r = await app(new Error('secret internals'));
    expect(r).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    expect(r.body.detail).not.toContain('secret');
  });
});
