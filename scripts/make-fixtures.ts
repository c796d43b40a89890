/**
 * Makes the shared test fixtures: a synthetic face drawing (no real person) as PNG, JPEG and a
 * one-frame Y4M for Chromium's fake webcam, and a set of person records covering the hard
 * cases of the MRZ (diacritics, Cyrillic, Arabic, long names, unknown dates, stateless).
 * Run: `node --import tsx scripts/make-fixtures.ts` (needs ffmpeg for the .y4m).
 */
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'tests', 'fixtures');
mkdirSync(join(out, 'persons'), { recursive: true });

/** A webcam-like 640×480 frame: plain light background, head and shoulders centred, eyes level. */
function drawFace(): Canvas {
  const w = 640;
  const h = 480;
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.fillStyle = '#eef0f2';
  g.fillRect(0, 0, w, h);
  const cx = w / 2;
  // shoulders
  g.fillStyle = '#34506e';
  g.beginPath();
  g.ellipse(cx, h + 40, 210, 150, 0, Math.PI, 2 * Math.PI);
  g.fill();
  // neck
  g.fillStyle = '#c99a78';
  g.fillRect(cx - 38, 300, 76, 70);
  // hair behind
  g.fillStyle = '#2b1d14';
  g.beginPath();
  g.ellipse(cx, 205, 112, 135, 0, 0, 2 * Math.PI);
  g.fill();
  // face
  g.fillStyle = '#d8aa86';
  g.beginPath();
  g.ellipse(cx, 225, 95, 122, 0, 0, 2 * Math.PI);
  g.fill();
  // ears
  g.beginPath();
  g.ellipse(cx - 96, 228, 14, 26, 0, 0, 2 * Math.PI);
  g.ellipse(cx + 96, 228, 14, 26, 0, 0, 2 * Math.PI);
  g.fill();
  // fringe
  g.fillStyle = '#2b1d14';
  g.beginPath();
  g.ellipse(cx, 120, 100, 45, 0, Math.PI, 2 * Math.PI);
  g.fill();
  // eyebrows, eyes
  g.strokeStyle = '#2b1d14';
  g.lineWidth = 6;
  g.lineCap = 'round';
  for (const dx of [-38, 38]) {
    g.beginPath();
    g.moveTo(cx + dx - 20, 182);
    g.lineTo(cx + dx + 20, 180);
    g.stroke();
    g.fillStyle = '#ffffff';
    g.beginPath();
    g.ellipse(cx + dx, 205, 17, 9, 0, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#3b2a1e';
    g.beginPath();
    g.arc(cx + dx, 205, 7, 0, 2 * Math.PI);
    g.fill();
  }
  // nose
  g.strokeStyle = '#a97a5a';
  g.lineWidth = 4;
  g.beginPath();
  g.moveTo(cx, 215);
  g.lineTo(cx - 10, 258);
  g.lineTo(cx + 8, 262);
  g.stroke();
  // mouth, neutral expression
  g.strokeStyle = '#8e4a44';
  g.lineWidth = 5;
  g.beginPath();
  g.moveTo(cx - 28, 293);
  g.quadraticCurveTo(cx, 298, cx + 28, 293);
  g.stroke();
  return c;
}

const face = drawFace();
writeFileSync(join(out, 'face.png'), face.toBuffer('image/png'));
writeFileSync(join(out, 'face.jpg'), face.toBuffer('image/jpeg', 90));
try {
  execFileSync(
    'ffmpeg',
    [
      '-y',
      '-loglevel',
      'error',
      '-i',
      join(out, 'face.png'),
      '-vf',
      'scale=640:-2,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p',
      '-frames:v',
      '1',
      join(out, 'face.y4m'),
    ],
    { stdio: 'inherit' },
  );
} catch (e) {
  process.stderr.write(`make-fixtures: ffmpeg failed, face.y4m not written: ${(e as Error).message}\n`);
}

const doc = (n: number, extra: Record<string, unknown> = {}) => ({
  documentCode: 'ID',
  issuingState: 'ROU',
  documentNumber: `RT${String(1000000 + n).slice(1)}0`.slice(0, 9),
  dateOfIssue: '2026-11-28',
  dateOfExpiry: '2027-05-27',
  ...extra,
});

const persons: Record<string, Record<string, unknown>> = {
  'romanian-diacritics': {
    surname: 'Ștefănescu-Țăranu',
    givenNames: 'Ioana Mădălina',
    sex: 'F',
    dateOfBirth: '1988-03-14',
    nationality: 'MDA',
    personalCode: '7881403123456',
    placeOfResidence: 'Centrul Regional Timișoara, Str. Armoniei 33',
    ...doc(1),
  },
  'german-special-letters': {
    surname: 'Müller-Größe',
    givenNames: 'Jörg Åke',
    sex: 'M',
    dateOfBirth: '1979-11-02',
    nationality: 'XXX',
    personalCode: '1791102123457',
    placeOfResidence: 'Centrul Regional București',
    ...doc(2),
  },
  cyrillic: {
    surname: 'Шевченко',
    givenNames: 'Юлия Андреевна',
    latinSurname: 'Shevchenko',
    latinGivenNames: 'Yuliia',
    sex: 'F',
    dateOfBirth: '1992-07-30',
    nationality: 'UKR',
    personalCode: '7920730123458',
    placeOfResidence: 'Centrul Regional Galați',
    ...doc(3),
  },
  arabic: {
    surname: 'الحسيني',
    givenNames: 'محمد عبد الله',
    sex: 'M',
    dateOfBirth: '1985-01-09',
    nationality: 'SYR',
    personalCode: '1850109123459',
    placeOfResidence: 'Centrul Regional Rădăuți',
    ...doc(4),
  },
  'very-long-names': {
    surname: 'Wolfeschlegelsteinhausenbergerdorff-Vandenberghe',
    givenNames: 'Maximilian Alexander Christopher Bartholomew',
    sex: 'M',
    dateOfBirth: '1970-12-31',
    nationality: 'BEL',
    personalCode: '1701231123450',
    placeOfResidence: 'Centrul Regional Şomcuta Mare',
    ...doc(5),
  },
  'unknown-birth-date': {
    surname: 'Haile',
    givenNames: 'Selam',
    sex: 'F',
    dateOfBirth: '1990-XX-XX',
    nationality: 'ERI',
    personalCode: '2900000123451',
    placeOfResidence: 'Centrul Regional Giurgiu',
    identityDeclared: true,
    ...doc(6),
  },
  'stateless-xxa': {
    surname: 'Rahimi',
    givenNames: "Abdul Ma'ruf",
    sex: 'X',
    dateOfBirth: '2001-06-XX',
    nationality: 'XXA',
    personalCode: '5010600123452',
    placeOfResidence: 'Centrul Regional Otopeni',
    ...doc(7),
  },
  'identity-declared-refugee': {
    surname: "O'Neil Ba",
    givenNames: 'Aminata',
    sex: 'F',
    dateOfBirth: '2004-02-29',
    nationality: 'XXB',
    personalCode: '6040229123453',
    placeOfResidence: 'Centrul Regional Timișoara',
    identityDeclared: true,
    ...doc(8, { documentNumber: 'RT12345678901', optionalData: '' }),
  },
};
for (const [name, p] of Object.entries(persons)) {
  writeFileSync(join(out, 'persons', `${name}.json`), `${JSON.stringify(p, null, 2)}\n`);
}
process.stdout.write(`fixtures written to ${out}\n`);
