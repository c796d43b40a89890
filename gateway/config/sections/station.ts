import Type from 'typebox';

export const StationSection = Type.Object(
  {
    site: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      default: 'dev-site',
      description: 'Site id (office) used in telemetry topics',
    }),
    id: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      default: 'station-1',
      description: 'Station id, unique within the site',
    }),
    name: Type.String({
      default: 'Development station',
      description: 'Human name shown on pages and at headquarters',
    }),
    locale: Type.Union([Type.Literal('ro'), Type.Literal('en')], {
      default: 'ro',
      description: 'Default language of the pages',
    }),
    training: Type.Boolean({
      default: false,
      description:
        'Training mode (set by `cardgate start --training`): SPECIMEN cards with ZZ numbers, a training signer, its own data under <dataDir>/training, no hand-off to the registry',
    }),
  },
  { additionalProperties: false, default: {} },
);
