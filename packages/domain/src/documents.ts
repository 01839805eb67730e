/**
 * Documents held about a person: what may be uploaded, and how one is removed. Which colleagues
 * may read a document is its parent's rule (see `noteVisibility`, the same rule for notes).
 */

/**
 * What the practice accepts, judged by the bytes themselves (never the file's name): letters and
 * forms as PDF or word-processor files, photos of paperwork as images. Each is a type a reader can
 * open without special software.
 */
export const documentMediaTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/heic',
  'image/tiff',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/rtf',
] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

export function isAllowedDocumentType(mediaType: string | undefined): mediaType is DocumentMediaType {
  return mediaType !== undefined && (documentMediaTypes as readonly string[]).includes(mediaType);
}

/**
 * Why a document stops being held. UK GDPR art 5(1)(e) (kept no longer than necessary) and
 * art 17 (erasure), and the practice's own mistakes: each removal records one of these.
 */
export const documentRemovalBases = [
  'retention_period_ended',
  'uploaded_in_error',
  'wrong_person',
  'erasure_request',
] as const;
export type DocumentRemovalBasis = (typeof documentRemovalBases)[number];

export interface DocumentUploadProblem {
  code: 'document_empty' | 'document_too_large' | 'document_type_not_allowed';
  detail: string;
}

/** Everything wrong with an upload, given the type its content shows and its size. */
export function documentUploadProblems(upload: {
  detectedType: string | undefined;
  sizeBytes: number;
  maxBytes: number;
}): DocumentUploadProblem[] {
  const problems: DocumentUploadProblem[] = [];
  if (upload.sizeBytes === 0) problems.push({ code: 'document_empty', detail: 'The file is empty.' });
  if (upload.sizeBytes > upload.maxBytes) {
    problems.push({
      code: 'document_too_large',
      detail: `The file is larger than the ${Math.floor(upload.maxBytes / (1024 * 1024))} MB the practice accepts.`,
    });
  }
  if (upload.sizeBytes > 0 && !isAllowedDocumentType(upload.detectedType)) {
    problems.push({
      code: 'document_type_not_allowed',
      detail: 'The file’s content is not a PDF, image or office document the practice accepts.',
    });
  }
  return problems;
}
