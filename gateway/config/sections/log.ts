import Type from 'typebox';

export const LogSection = Type.Object(
  {
    level: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
      { default: 'info', description: 'Minimum level written' },
    ),
    pretty: Type.Union([Type.Literal('auto'), Type.Boolean()], {
      default: 'auto',
      description: 'Human-readable lines (auto: when stdout is a terminal)',
    }),
  },
  { additionalProperties: false, default: {} },
);
