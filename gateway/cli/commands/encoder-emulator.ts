import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

/**
 * The encoder emulator runs in-process (config `encoder.emulated: true`, or `'auto'` without
 * pcscd); there is no PC/SC server to stand in for. This command exercises it once: personalize a
 * synthetic card with a throw-away signer, optionally with a fault, and print what happened.
 */
export function register(program: Command): void {
  program
    .command('encoder-emulator')
    .description('Exercise the in-process encoder emulator once (synthetic data, throw-away key)')
    .option('--latency-ms <ms>', 'delay per APDU', '0')
    .option('--remove-after-updates <n>', 'pull the card at the n-th UPDATE BINARY (fault demo)')
    .action(async (opts: { latencyMs: string; removeAfterUpdates?: string }) => {
      const latencyMs = Number(opts.latencyMs);
      const removeAfter = opts.removeAfterUpdates === undefined ? undefined : Number(opts.removeAfterUpdates);
      if (
        !Number.isInteger(latencyMs) ||
        latencyMs < 0 ||
        (removeAfter !== undefined && !(removeAfter >= 1))
      ) {
        throw new CardgateError('BAD_OPTION', '--latency-ms and --remove-after-updates take whole numbers', {
          status: 400,
        });
      }
      const { EmulatorEncoder } = await import('../../../drivers/encoder/emulator/emulator-encoder.js');
      const { createEphemeralChipSigner } = await import('../../../drivers/encoder/ephemeral-signer.js');
      const { EncoderError } = await import('../../../drivers/encoder/interface.js');
      const enc = new EmulatorEncoder({ exchangeTimeoutMs: Math.max(3000, latencyMs * 4), latencyMs });
      await enc.start();
      if (removeAfter !== undefined) enc.control.removeCardAfterUpdates(removeAfter);
      const signer = await createEphemeralChipSigner();
      const face = Buffer.alloc(12_000, 0x55);
      face.set([0xff, 0xd8], 0);
      const t0 = performance.now();
      try {
        const res = await enc.personalize({
          jobId: 'emulator-self-test',
          dg1: new Uint8Array(Buffer.from('I<XXX'.padEnd(90, '<'), 'ascii')),
          dg2: new Uint8Array(face),
          documentData: new Uint8Array(Buffer.from('{"documentNumber":"TEST00000"}')),
          signer,
        });
        const verify = await enc.verify(signer.certificateDer);
        process.stdout.write(
          `${JSON.stringify({ emulated: true, ...res, ms: Math.round(performance.now() - t0), verify })}\n`,
        );
      } catch (e) {
        if (e instanceof EncoderError) throw new CardgateError(e.catalogueCode, e.detail, { cause: e });
        throw e;
      }
    });
}
