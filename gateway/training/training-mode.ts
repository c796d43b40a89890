import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { CardgateError } from '../core/errors.js';

/** Training document numbers begin with these letters; no production block may use them. */
export const TRAINING_PREFIX = 'ZZ';

/** The one block a training station draws from: its own range, never a production number. */
export const TRAINING_BLOCK = { prefix: TRAINING_PREFIX, first: 1, last: 9_999_999, width: 7 } as const;

/** Where a training station keeps everything: beside, never inside, the production journal. */
export const trainingDataDir = (dataDir: string): string => join(dataDir, 'training');

/**
 * The station's configuration for training mode. Training runs the same code on the same
 * devices, but against a data directory of its own: its own journal, number range, stock book,
 * audit log and keys (a training signer under a training CSCA, generated there). So a training
 * card can never take a production number, count against production stock, reach the production
 * registry, or verify as genuine, and ending training is deleting one folder.
 */
export function trainingConfig(config: Config): Config {
  if (config.dataDir.endsWith('/training') && config.station.training) return config;
  return {
    ...config,
    dataDir: trainingDataDir(config.dataDir),
    station: { ...config.station, training: true },
    issuance: { ...config.issuance, numberBlocks: [{ ...TRAINING_BLOCK }] },
  };
}

/** Production configuration must never hand out a training number. */
export function refuseTrainingPrefix(config: Config): void {
  if (config.station.training) return;
  const clash = config.issuance.numberBlocks.find((b) => b.prefix.startsWith(TRAINING_PREFIX));
  if (clash)
    throw new CardgateError(
      'TRAINING_PREFIX_IN_PRODUCTION',
      `number block prefix ${clash.prefix}: numbers beginning with ${TRAINING_PREFIX} are reserved for training`,
    );
}

/**
 * The configuration `cardgate start` runs with: training when the flag or `station.training` asks
 * for it (trainees log in with their own accounts, so users stay in the production folder).
 */
export function stationMode(config: Config, trainingFlag: boolean): { config: Config; usersDir: string } {
  if (trainingFlag || config.station.training)
    return { config: trainingConfig(config), usersDir: config.dataDir };
  refuseTrainingPrefix(config);
  return { config, usersDir: config.dataDir };
}
