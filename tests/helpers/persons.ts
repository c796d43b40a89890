import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATION_FIELDS } from '../../gateway/document/checks/index.js';
import type { PersonRecord } from '../../gateway/document/person.js';
import { projectRoot } from './processes.js';

/** A person from tests/fixtures/persons/<name>.json, as printed (document fields included). */
export function fixturePerson(name: string): PersonRecord {
  return JSON.parse(
    readFileSync(join(projectRoot, 'tests/fixtures/persons', `${name}.json`), 'utf8'),
  ) as PersonRecord;
}

/**
 * The same person as an issuing request carries it: the station sets the document fields
 * (number, dates) itself and refuses a request that carries them.
 */
export function requestPerson(name: string): Record<string, unknown> {
  const person = fixturePerson(name) as unknown as Record<string, unknown>;
  for (const field of STATION_FIELDS) delete person[field];
  return person;
}
