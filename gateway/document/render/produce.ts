import type { Image } from '@napi-rs/canvas';
import { Value } from 'typebox/value';
import type { ChipSigner } from '../../../drivers/encoder/interface.js';
import type { CardImage, CardSideImage } from '../../../drivers/printer/interface.js';
import { rgbaPng } from '../../../drivers/printer/rgba-png.js';
import { CardgateError } from '../../core/errors.js';
import { FieldsInvalidError, forbiddenCharacter, normalisePerson, TEXT_FIELDS } from '../checks/index.js';
import { composeTd1, nameFits, transliterateName } from '../mrz/index.js';
import { PersonRecord } from '../person.js';
import { makeDocumentSeal, type SealSigner } from '../seal/document-seal.js';
import { faceJpegWithinBudget, DEFAULT_DG2_BUDGET } from './dg2.js';
import { fontStatus, registerTemplateFonts, type FontStatus } from './fonts.js';
import { composePanels, previewPixels } from './panels.js';
import { decodePhoto } from './photo.js';
import { renderSideLayers, type SideData } from './side.js';
import { specimenPng, type Rect } from './specimen-mark.js';
import { loadTemplate, type LoadedTemplate } from './template.js';
import { overprintTraining } from './training-overprint.js';

export type CardSigner = SealSigner & ChipSigner;

export interface RenderOptions {
  signer: CardSigner;
  /** A loaded template or a path to one; the shipped template by default. */
  template?: LoadedTemplate | string;
  /** Signature date of the seal (the station's clock). */
  now?: Date;
  sealVersion?: 3 | 4;
  /** Training mode: SPECIMEN printed across both sides (the seal box left clear, so it still scans). */
  training?: boolean;
}

export interface ProduceOptions extends RenderOptions {
  /** Byte budget of the chip's face image (DG2). */
  dg2Budget?: number;
  /** Previews marked SPECIMEN across both sides (every operator preview is). */
  specimen?: boolean;
}

export interface RenderedCard {
  image: CardImage;
  mrz: string[];
  seal: Uint8Array;
  warnings: string[];
  fonts: FontStatus;
  template: LoadedTemplate;
  photo: Image | null;
  /** The record as rendered (NFC). */
  person: PersonRecord;
}

export interface ProducedCard {
  image: CardImage;
  previews: { front: Buffer; back: Buffer };
  mrz: string[];
  seal: Uint8Array;
  chip: { dg1: Uint8Array; dg2: Uint8Array; documentData: Uint8Array };
  warnings: string[];
  fonts: FontStatus;
}

const REQUIRED = ['documentCode', 'issuingState', 'documentNumber', 'dateOfIssue', 'dateOfExpiry'] as const;

function checkPerson(input: unknown): PersonRecord & { [K in (typeof REQUIRED)[number]]: string } {
  // NFC first, so the printed zone, the MRZ and the seal are made from one spelling.
  const person = typeof input === 'object' && input !== null ? normalisePerson(input) : input;
  if (!Value.Check(PersonRecord, person)) {
    const first = Value.Errors(PersonRecord, person)[0];
    throw new CardgateError(
      'PERSON_INVALID',
      `person ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`,
      {
        status: 400,
      },
    );
  }
  const hidden = TEXT_FIELDS.filter((f) => forbiddenCharacter(person[f] ?? '') !== null);
  if (hidden.length)
    throw new FieldsInvalidError(hidden.map((field) => ({ field, code: 'TEXT_CONTROL_CHARACTER' })));
  const missing = REQUIRED.filter((k) => !person[k]);
  if (missing.length)
    throw new CardgateError('DOCUMENT_INCOMPLETE', `missing document fields: ${missing.join(', ')}`, {
      status: 400,
      details: { missing },
    });
  return person as PersonRecord & { [K in (typeof REQUIRED)[number]]: string };
}

/** The seal's box (with a margin) on the side that carries it: what a training overprint leaves clear. */
function sealClear(t: LoadedTemplate): { front: Rect[]; back: Rect[] } {
  const s = t.seal;
  const box = [{ x: s.x - 8, y: s.y - 8, width: s.size + 16, height: s.size + 16 }];
  return { front: s.side === 'front' ? box : [], back: s.side === 'back' ? box : [] };
}

function templateOf(t: LoadedTemplate | string | undefined): LoadedTemplate {
  return typeof t === 'string' || t === undefined ? loadTemplate(t) : t;
}

/** Both sides as printer planes, the MRZ and the signed seal (no PNG, no chip data). */
export async function renderCard(
  input: { person: PersonRecord; photoJpeg: Uint8Array | null },
  opts: RenderOptions,
): Promise<RenderedCard> {
  const person = checkPerson(input.person);
  const template = templateOf(opts.template);
  registerTemplateFonts(template);
  const fonts = fontStatus(template);
  const warnings: string[] = fonts.reason ? [fonts.reason] : [];
  const mrz = composeTd1({ ...person, documentCode: person.documentCode, issuingState: person.issuingState });
  const sur = transliterateName(person.latinSurname?.trim() ? person.latinSurname : person.surname);
  const giv = transliterateName(
    person.latinSurname?.trim() || person.latinGivenNames?.trim()
      ? (person.latinGivenNames ?? person.givenNames)
      : person.givenNames,
  );
  if (!nameFits(sur, giv, 30)) warnings.push('name truncated in the MRZ');
  const signatureDate = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const seal = await makeDocumentSeal(person, mrz, opts.signer, {
    signatureDate,
    ...(opts.sealVersion ? { version: opts.sealVersion } : {}),
  });
  const photo = input.photoJpeg ? decodePhoto(input.photoJpeg) : null;
  const data: SideData = { person, photo, mrz, seal, warnings };
  const front = composePanels(renderSideLayers(template, 'front', data), template.width, template.height);
  const back = composePanels(renderSideLayers(template, 'back', data), template.width, template.height);
  const planes = { front: front.image, back: back.image };
  return {
    image: opts.training ? overprintTraining(planes, sealClear(template)) : planes,
    mrz,
    seal,
    warnings: [...new Set(warnings)],
    fonts,
    template,
    photo,
    person,
  };
}

/** PNG of what a printed side looks like. */
export function previewPng(side: CardSideImage): Promise<Buffer> {
  return rgbaPng(side.width, side.height, (px) => px.set(previewPixels(side)));
}

/** What a printed and encoded card needs: printer planes, MRZ, seal, chip data groups (no previews). */
export type PrintableCard = Omit<ProducedCard, 'previews'>;

/** Everything the issuance needs for one card; previews are skipped, they cost two PNG encodes. */
export async function producePrintableCard(
  input: { person: PersonRecord; photoJpeg: Uint8Array },
  opts: ProduceOptions,
): Promise<PrintableCard> {
  const card = await renderCard(input, opts);
  const dg2 = await faceJpegWithinBudget(card.photo!, opts.dg2Budget ?? DEFAULT_DG2_BUDGET);
  const p = card.person;
  const documentData = new TextEncoder().encode(
    JSON.stringify({
      documentNumber: p.documentNumber,
      dateOfIssue: p.dateOfIssue,
      dateOfExpiry: p.dateOfExpiry,
      personalCode: p.personalCode ?? null,
      placeOfResidence: p.placeOfResidence ?? null,
      identityDeclared: p.identityDeclared ?? false,
    }),
  );
  return {
    image: card.image,
    mrz: card.mrz,
    seal: card.seal,
    chip: { dg1: new TextEncoder().encode(card.mrz.join('')), dg2, documentData },
    warnings: card.warnings,
    fonts: card.fonts,
  };
}

/** The printable card plus PNG previews of both sides, as the operator sees them before issuing. */
export async function produceCard(
  input: { person: PersonRecord; photoJpeg: Uint8Array },
  opts: ProduceOptions,
): Promise<ProducedCard> {
  const card = await producePrintableCard(input, opts);
  if (opts.specimen) {
    // The seal stays readable and the photo shows exactly as printed: the mark leaves both.
    const t = templateOf(opts.template);
    const s = t.seal;
    const clear = (side: 'front' | 'back') => [
      ...(s.side === side ? [{ x: s.x - 8, y: s.y - 8, width: s.size + 16, height: s.size + 16 }] : []),
      ...(t[side].photo ? [t[side].photo] : []),
    ];
    const [front, back] = await Promise.all([
      specimenPng(card.image.front, clear('front')),
      specimenPng(card.image.back!, clear('back')),
    ]);
    return { ...card, previews: { front, back } };
  }
  const [front, back] = await Promise.all([previewPng(card.image.front), previewPng(card.image.back!)]);
  return { ...card, previews: { front, back } };
}
