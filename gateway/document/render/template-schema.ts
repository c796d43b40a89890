import Type, { type Static } from 'typebox';

/**
 * The card layout, as JSON in `gateway/document/assets/template.json`: an office changes
 * positions, fonts, sizes, colours, which field goes where and the artwork without code.
 * Units are printer dots (300 dpi) on the 1016 × 648 side buffer.
 */
const Num = Type.Number();
const Colour = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' });
const Ink = Type.Union([Type.Literal('k'), Type.Literal('color')], {
  description: 'k: black resin (text, MRZ, seal); color: printed with the YMC panels',
});
const Rect = Type.Object({ x: Num, y: Num, width: Num, height: Num });

export const FieldName = Type.Union([
  Type.Literal('surname'),
  Type.Literal('givenNames'),
  Type.Literal('sex'),
  Type.Literal('dateOfBirth'),
  Type.Literal('nationality'),
  Type.Literal('personalCode'),
  Type.Literal('placeOfResidence'),
  Type.Literal('documentNumber'),
  Type.Literal('dateOfIssue'),
  Type.Literal('dateOfExpiry'),
]);
export type FieldName = Static<typeof FieldName>;

const TextStyle = {
  x: Num,
  y: Type.Number({ description: 'baseline' }),
  font: Type.String({ description: 'font alias from `fonts`' }),
  size: Num,
  ink: Type.Optional(Ink),
  color: Type.Optional(Colour),
  maxWidth: Type.Optional(Num),
  align: Type.Optional(Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')])),
};

export const TextElement = Type.Object({ type: Type.Literal('text'), text: Type.String(), ...TextStyle });
export const LabelElement = Type.Object({
  type: Type.Literal('label'),
  ro: Type.String(),
  en: Type.String(),
  ...TextStyle,
});
export const FieldElement = Type.Object({
  type: Type.Literal('field'),
  field: FieldName,
  ...TextStyle,
  maxLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  lineHeight: Type.Optional(Num),
  /** For names in a non-Latin script: also the Latin spelling, on a second line this far below. */
  latinBelow: Type.Optional(Type.Object({ dy: Num, font: Type.String(), size: Num })),
});
export const FlagElement = Type.Object({
  type: Type.Literal('flag'),
  field: Type.Literal('identityDeclared'),
  lines: Type.Array(Type.String()),
  lineHeight: Num,
  ...TextStyle,
});
export const BoxElement = Type.Object({
  type: Type.Literal('box'),
  ...Rect.properties,
  color: Colour,
  radius: Type.Optional(Num),
});
export const Element = Type.Union([TextElement, LabelElement, FieldElement, FlagElement, BoxElement]);
export type Element = Static<typeof Element>;

export const Artwork = Type.Object({
  base: Colour,
  /** Procedural security-style background: fine sine rosettes and waves in these colours. */
  guilloche: Type.Optional(
    Type.Object({
      colors: Type.Array(Colour, { minItems: 1 }),
      lines: Type.Integer({ minimum: 0, maximum: 200 }),
      amplitude: Num,
      lineWidth: Num,
      rosette: Type.Optional(Type.Object({ x: Num, y: Num, radius: Num, petals: Type.Integer() })),
    }),
  ),
  /** A PNG (path relative to the template) drawn over the base colour, instead of or under the guilloche. */
  image: Type.Optional(Type.String()),
});

export const Side = Type.Object({
  artwork: Artwork,
  photo: Type.Optional(
    Type.Object({
      /**
       * The window the approved portrait fills. The crop is the operator's (at capture); the
       * renderer only fits a picture of other proportions to 35:45 around its centre.
       */
      ...Rect.properties,
      border: Type.Optional(Colour),
    }),
  ),
  elements: Type.Array(Element),
});
export type Side = Static<typeof Side>;

export const Template = Type.Object({
  name: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  dpi: Type.Integer(),
  fonts: Type.Record(
    Type.String(),
    Type.Object({
      paths: Type.Array(Type.String(), { minItems: 1 }),
      fallback: Type.String({ description: 'system family when no path exists' }),
    }),
  ),
  chip: Type.Object({ side: Type.Union([Type.Literal('front'), Type.Literal('back')]), ...Rect.properties }),
  mrz: Type.Object({
    side: Type.Union([Type.Literal('front'), Type.Literal('back')]),
    x: Num,
    /** Baseline of line 1. */
    y: Num,
    /** Dots per character: 30 at 300 dpi is 10 characters per inch. */
    pitch: Num,
    lineSpacing: Num,
    font: Type.String(),
    /** Clear (unprinted by colour) margin around the zone. */
    clearMargin: Num,
  }),
  seal: Type.Object({
    side: Type.Union([Type.Literal('front'), Type.Literal('back')]),
    x: Num,
    y: Num,
    /** Square size including the quiet zone. */
    size: Num,
    quietModules: Type.Integer({ minimum: 1 }),
  }),
  front: Side,
  back: Side,
});
export type Template = Static<typeof Template>;
