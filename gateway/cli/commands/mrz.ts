import type { Command } from 'commander';

/** `cardgate mrz FILE.json`: the three TD1 lines of a person record, one a line. */
export function register(program: Command): void {
  program
    .command('mrz')
    .description('Print the TD1 MRZ (three lines) of a person record in a JSON file')
    .argument(
      '<file>',
      'JSON with documentCode, issuingState, documentNumber, surname, givenNames, sex, dateOfBirth, dateOfExpiry, nationality [, optionalData]',
    )
    .action(async (file: string) => {
      const { readFile } = await import('node:fs/promises');
      const { CardgateError } = await import('../../core/errors.js');
      const { composeTd1, parseMrzInput } = await import('../../document/mrz/index.js');
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, 'utf8'));
      } catch (e) {
        throw new CardgateError('MRZ_INPUT_INVALID', `cannot read ${file} as JSON: ${(e as Error).message}`, {
          status: 400,
        });
      }
      process.stdout.write(`${composeTd1(parseMrzInput(data)).join('\n')}\n`);
    });
}
