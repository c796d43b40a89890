/** The screen's state as GET /api/v1/applicant/screen answers it (gateway/applicant/status.ts). */
export interface CardView {
  draftId: string;
  surname: string;
  givenNames: string;
  mrzName: string;
  sex: 'M' | 'F' | 'X';
  dateOfBirth: string;
  nationality: string;
  placeOfResidence: string | null;
  dateOfExpiry: string;
  validityDays: number;
  photo: string;
}

export interface ScreenState {
  stage: 'idle' | 'photo' | 'confirm' | 'printing' | 'done' | 'failed';
  view: CardView | null;
  answer: { draftId: string; answer: 'correct' | 'wrong'; field: string | null; at: string } | null;
  job: { status: string; dateOfExpiry: string; validityDays: number } | null;
}

export const FIELDS = [
  'surname',
  'givenNames',
  'sex',
  'dateOfBirth',
  'nationality',
  'placeOfResidence',
  'dateOfExpiry',
  'photo',
] as const;
